#include <gtest/gtest.h>

#include "signaling/info/dtmf_relay.h"
#include "signaling/info/media_control.h"

namespace softmcu::sip {
namespace {

TEST(MediaControl, OurOwnBodyIsAPictureFastUpdate) {
  auto parsed = MediaControl::Parse(MediaControl::PictureFastUpdateBody());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_TRUE(parsed->picture_fast_update);
}

TEST(MediaControl, AcceptsTheVariantsTerminalsSend) {
  // Compact, with stream_id (RFC 5168 §5), with a comment and attributes.
  for (const char* body :
       {"<media_control><vc_primitive><to_encoder><picture_fast_update/></to_encoder></vc_primitive></media_control>",
        "<?xml version=\"1.0\"?>\n<media_control>\n <vc_primitive>\n  <stream_id>1</stream_id>\n  <to_encoder>\n"
        "   <picture_fast_update></picture_fast_update>\n  </to_encoder>\n </vc_primitive>\n</media_control>\n",
        "<!-- from a room system --><media_control xmlns='urn:x'><vc_primitive><to_encoder>"
        "<picture_fast_update /></to_encoder></vc_primitive></media_control>"}) {
    auto parsed = MediaControl::Parse(body);
    ASSERT_TRUE(parsed) << body << ": " << parsed.error().message;
    EXPECT_TRUE(parsed->picture_fast_update) << body;
  }
}

TEST(MediaControl, OtherPrimitivesAreValidButNoKeyframeRequest) {
  auto parsed = MediaControl::Parse("<media_control><general_error>oops</general_error></media_control>");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->picture_fast_update);
  // picture_fast_update outside to_encoder does not count.
  parsed = MediaControl::Parse("<media_control><picture_fast_update/></media_control>");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->picture_fast_update);
}

TEST(MediaControl, MalformedXmlIsRefusedWithAReason) {
  struct Case {
    const char* body;
    const char* reason;
  };
  const Case cases[] = {
      {"", "no root element"},
      {"<media_control>", "never closed"},
      {"<media_control></vc_primitive>", "does not match"},
      {"<other/>", "root element is not <media_control>"},
      {"<media_control/><media_control/>", "second root"},
      {"junk<media_control/>", "text outside"},
      {"<media_control><!DOCTYPE x></media_control>", "DTD"},
      {"<media_control a=b/>", "unquoted attribute"},
      {"<media_control><!-- open", "unterminated comment"},
      {"<a><a><a><a><a><a><a><a><a></a></a></a></a></a></a></a></a></a>", "too deep"},
  };
  for (const auto& c : cases) {
    auto parsed = MediaControl::Parse(c.body);
    ASSERT_FALSE(parsed) << c.body;
    EXPECT_NE(parsed.error().message.find(c.reason), std::string::npos) << c.body << ": " << parsed.error().message;
  }
  EXPECT_FALSE(MediaControl::Parse(std::string(MediaControl::kMaxBodySize + 1, ' ')));
}

TEST(DtmfRelay, ParsesSignalAndDurationInAnyOrderAndCase) {
  EXPECT_EQ(DtmfRelay::ParseDtmfRelay("Signal=5\r\nDuration=160\r\n"), (DtmfKey{'5', TimeDelta::Millis(160)}));
  EXPECT_EQ(DtmfRelay::ParseDtmfRelay("duration = 100\nsignal = #\n"), (DtmfKey{'#', TimeDelta::Millis(100)}));
  EXPECT_EQ(DtmfRelay::ParseDtmfRelay("Signal=a"), (DtmfKey{'A', TimeDelta::Millis(250)}));
  EXPECT_EQ(DtmfRelay::ParseDtmfRelay("Signal=10\r\nDuration=80"), (DtmfKey{'*', TimeDelta::Millis(80)}));
  EXPECT_EQ(DtmfRelay::ParseDtmf("7\r\n"), (DtmfKey{'7', TimeDelta::Millis(250)}));
}

TEST(DtmfRelay, MalformedBodiesAreRefused) {
  for (const char* body : {"", "Duration=100", "Signal=Z", "Signal=55", "Signal=5\nSignal=6", "Signal 5",
                           "Signal=5\nDuration=-1", "Signal=5\nDuration=99999999", "Signal=5\nDuration=12ms"}) {
    EXPECT_FALSE(DtmfRelay::ParseDtmfRelay(body)) << body;
  }
  EXPECT_FALSE(DtmfRelay::ParseDtmf("16"));
  EXPECT_FALSE(DtmfRelay::ParseDtmf("5 5"));
  EXPECT_FALSE(DtmfRelay::ParseDtmfRelay(std::string(300, 'x')));
}

}  // namespace
}  // namespace softmcu::sip
