#pragma once
// UTF-8 to code points for site-name labels. A site name reaches us from the operator's
// console, the address book or a SIP display name, so it is untrusted text: every
// malformed sequence (truncated, overlong, a surrogate, beyond U+10FFFF, a stray
// continuation byte) becomes one U+FFFD and decoding goes on with the next byte, as the
// Unicode standard's "maximal subpart" practice recommends (Unicode 15, §3.9 U+FFFD
// substitution). Never throws, never reads past `text`.

#include <cstddef>
#include <string_view>
#include <vector>

namespace softmcu {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// At most `max_code_points` code points (the rest is ignored: a label longer than that
// cannot fit any tile anyway).
std::vector<char32_t> DecodeUtf8(std::string_view text, size_t max_code_points = 4096);

// Combining marks (Unicode general category Mn in the blocks Vietnamese and other Latin
// text use): drawn over the previous character, never a place to cut a label.
bool IsCombiningMark(char32_t c);

}  // namespace softmcu
