// Fuzzes the INFO body readers (signaling/info/): application/media_control+xml (RFC 5168)
// and application/dtmf-relay / application/dtmf. Checks: nothing crashes or loops; an
// accepted DTMF key is one of 0-9 * # A-D with a duration of at most 60 s; a body the XML
// reader accepts is accepted again with a picture_fast_update appended inside the root
// when it had none (the walker's structure checks hold after an edit).
// Seeds: tests/fuzz/corpus/sip_info/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "signaling/info/dtmf_relay.h"
#include "signaling/info/media_control.h"

namespace {

using namespace softmcu;
using namespace softmcu::sip;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckKey(const Result<DtmfKey>& key) {
  if (!key) return;
  const char c = key->key;
  Check((c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D'));
  Check(key->duration >= TimeDelta::Zero() && key->duration <= TimeDelta::Seconds(60));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  CheckKey(DtmfRelay::ParseDtmfRelay(body));
  CheckKey(DtmfRelay::ParseDtmf(body));
  if (auto control = MediaControl::Parse(body); control && !control->picture_fast_update) {
    // The walker accepted it: the same document with our primitive inside the root must pass too.
    // The root's own end tag: the last one, followed by nothing but whitespace.
    const size_t close = body.rfind("</media_control>");
    const bool closes_root = close != std::string_view::npos &&
                             body.find_first_not_of(" \t\r\n", close + 16) == std::string_view::npos;
    if (closes_root && body.size() < MediaControl::kMaxBodySize - 200) {
      std::string edited(body.substr(0, close));
      edited += "<vc_primitive><to_encoder><picture_fast_update/></to_encoder></vc_primitive>";
      edited += body.substr(close);
      auto again = MediaControl::Parse(edited);
      Check(!again || again->picture_fast_update);
    }
  }
  return 0;
}
