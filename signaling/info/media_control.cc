#include "signaling/info/media_control.h"

#include <vector>

namespace softmcu::sip {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == ':';
}

tl::unexpected<Error> Malformed(std::string what) {
  return MakeError(ErrorCode::kInvalidArgument, "malformed media_control XML: " + what);
}

// Walks the elements of a small XML document, calling `on_open(path)` for every element
// with the names from the root down to it.
class XmlWalker {
 public:
  explicit XmlWalker(std::string_view text) : text_(text) {}

  template <typename OnOpen>
  Result<void> Walk(OnOpen on_open) {
    size_t elements = 0;
    bool root_closed = false;
    while (pos_ < text_.size()) {
      const size_t lt = text_.find('<', pos_);
      // Between tags only whitespace before the root and after it; text inside is skipped.
      if (std::string_view gap = text_.substr(pos_, lt == std::string_view::npos ? std::string_view::npos : lt - pos_);
          (stack_.empty()) && gap.find_first_not_of(" \t\r\n") != std::string_view::npos)
        return Malformed("text outside the root element");
      if (lt == std::string_view::npos) break;
      pos_ = lt;
      if (Starts("<?")) {
        if (!SkipPast("?>")) return Malformed("unterminated declaration");
        continue;
      }
      if (Starts("<!--")) {
        if (!SkipPast("-->")) return Malformed("unterminated comment");
        continue;
      }
      if (Starts("<!")) return Malformed("DTD or CDATA not accepted");
      if (Starts("</")) {
        pos_ += 2;
        std::string_view name = Name();
        SkipSpaces();
        if (name.empty() || !Consume('>')) return Malformed("bad end tag");
        if (stack_.empty() || stack_.back() != name) return Malformed("end tag </" + std::string(name) + "> does not match");
        stack_.pop_back();
        if (stack_.empty()) root_closed = true;
        continue;
      }
      ++pos_;
      std::string_view name = Name();
      if (name.empty()) return Malformed("bad start tag");
      if (root_closed && stack_.empty()) return Malformed("a second root element");
      if (++elements > MediaControl::kMaxElements) return Malformed("too many elements");
      if (stack_.size() >= MediaControl::kMaxDepth) return Malformed("nested too deep");
      stack_.push_back(name);
      on_open(stack_);
      auto self_closing = SkipAttributes();
      if (!self_closing) return tl::unexpected(self_closing.error());
      if (*self_closing) {
        stack_.pop_back();
        if (stack_.empty()) root_closed = true;
      }
    }
    if (!stack_.empty()) return Malformed("<" + std::string(stack_.back()) + "> is never closed");
    if (!root_closed) return Malformed("no root element");
    return {};
  }

 private:
  bool Starts(std::string_view prefix) const { return text_.substr(pos_, prefix.size()) == prefix; }
  bool SkipPast(std::string_view end) {
    const size_t at = text_.find(end, pos_);
    if (at == std::string_view::npos) return false;
    pos_ = at + end.size();
    return true;
  }
  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void SkipSpaces() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  }
  std::string_view Name() {
    const size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // After the name of a start tag: attributes up to '>' or '/>'. True if self-closing.
  Result<bool> SkipAttributes() {
    while (true) {
      SkipSpaces();
      if (Consume('>')) return false;
      if (Starts("/>")) {
        pos_ += 2;
        return true;
      }
      if (Name().empty()) return Malformed("bad attribute");
      SkipSpaces();
      if (!Consume('=')) return Malformed("attribute without value");
      SkipSpaces();
      if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) return Malformed("unquoted attribute");
      const char quote = text_[pos_++];
      const size_t end = text_.find(quote, pos_);
      if (end == std::string_view::npos) return Malformed("unterminated attribute");
      pos_ = end + 1;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<std::string_view> stack_;
};

}  // namespace

Result<MediaControl> MediaControl::Parse(std::string_view body) {
  if (body.size() > kMaxBodySize) return Malformed("body over " + std::to_string(kMaxBodySize) + " bytes");
  MediaControl result;
  bool root_ok = true;
  XmlWalker walker(body);
  auto walked = walker.Walk([&](const std::vector<std::string_view>& path) {
    if (path.size() == 1 && path[0] != "media_control") root_ok = false;
    if (path.size() == 4 && path[1] == "vc_primitive" && path[2] == "to_encoder" &&
        path[3] == "picture_fast_update")
      result.picture_fast_update = true;
  });
  if (!walked) return tl::unexpected(walked.error());
  if (!root_ok) return Malformed("root element is not <media_control>");
  return result;
}

std::string MediaControl::PictureFastUpdateBody() {
  return "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\r\n"
         "<media_control>\r\n"
         "  <vc_primitive>\r\n"
         "    <to_encoder>\r\n"
         "      <picture_fast_update/>\r\n"
         "    </to_encoder>\r\n"
         "  </vc_primitive>\r\n"
         "</media_control>\r\n";
}

}  // namespace softmcu::sip
