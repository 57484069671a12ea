#include "signaling/sip/stream_framer.h"

#include <gtest/gtest.h>

#include <string>

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_parser.h"
#include "tests/signaling/sip/sip_test_util.h"

namespace softmcu::sip {
namespace {

using testing::Crlf;

const std::string kMessage = Crlf(
                                 "MESSAGE sip:mcu@192.0.2.4 SIP/2.0\n"
                                 "Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKm\n"
                                 "To: <sip:mcu@192.0.2.4>\n"
                                 "From: <sip:a@192.0.2.1>;tag=1\n"
                                 "Call-ID: m1\n"
                                 "CSeq: 1 MESSAGE\n"
                                 "Content-Type: text/plain\n"
                                 "Content-Length: 5\n"
                                 "\n") +
                             "hello";

TEST(StreamFramer, FindsOneMessage) {
  const Frame frame = StreamFramer::Next(kMessage);
  ASSERT_EQ(frame.kind, Frame::Kind::kMessage);
  EXPECT_EQ(frame.size, kMessage.size());
  EXPECT_TRUE(
      SipParser::Parse(std::string_view(kMessage).substr(0, frame.size), Framing::kStream).has_value());
}

TEST(StreamFramer, SplitsTwoMessagesInOneBuffer) {
  const std::string buffer = kMessage + kMessage;
  const Frame first = StreamFramer::Next(buffer);
  ASSERT_EQ(first.kind, Frame::Kind::kMessage);
  EXPECT_EQ(first.size, kMessage.size());
  const Frame second = StreamFramer::Next(std::string_view(buffer).substr(first.size));
  ASSERT_EQ(second.kind, Frame::Kind::kMessage);
  EXPECT_EQ(second.size, kMessage.size());
}

TEST(StreamFramer, NeedsMoreForEveryPrefix) {
  for (size_t size = 1; size < kMessage.size(); ++size) {
    const Frame frame = StreamFramer::Next(std::string_view(kMessage).substr(0, size));
    ASSERT_EQ(frame.kind, Frame::Kind::kNeedMore) << size;
  }
}

TEST(StreamFramer, ReportsKeepAliveCrlf) {
  const Frame frame = StreamFramer::Next("\r\n\r\n" + kMessage);
  EXPECT_EQ(frame.kind, Frame::Kind::kKeepAlive);
  EXPECT_EQ(frame.size, 4u);
}

TEST(StreamFramer, MissingContentLengthIsAnError) {
  std::string message = kMessage;
  message.erase(message.find("Content-Length: 5\r\n"), 19);
  const Frame frame = StreamFramer::Next(message);
  ASSERT_EQ(frame.kind, Frame::Kind::kError);
  EXPECT_EQ(frame.error.code, SipErrorCode::kMissingHeader);
}

// A peer sending header lines forever is cut at the head limit, not buffered without end.
TEST(StreamFramer, EndlessHeadersAreCutAtTheLimit) {
  std::string buffer = "INVITE sip:a@b.com SIP/2.0\r\n";
  Frame frame;
  while (buffer.size() < 4 * SipLimits::kMaxMessageSize) {
    buffer += "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    frame = StreamFramer::Next(buffer);
    if (frame.kind != Frame::Kind::kNeedMore) break;
  }
  ASSERT_EQ(frame.kind, Frame::Kind::kError);
  EXPECT_TRUE(frame.error.code == SipErrorCode::kTooManyHeaders ||
              frame.error.code == SipErrorCode::kTooLarge);
  EXPECT_LE(buffer.size(), SipLimits::kMaxHeadSize + 128);
}

TEST(StreamFramer, EndlessLineIsCutAtTheLineLimit) {
  const std::string buffer =
      "INVITE sip:a@b.com SIP/2.0\r\nX: " + std::string(SipLimits::kMaxLineLength + 10, 'a');
  const Frame frame = StreamFramer::Next(buffer);
  ASSERT_EQ(frame.kind, Frame::Kind::kError);
  EXPECT_EQ(frame.error.code, SipErrorCode::kLineTooLong);
}

TEST(StreamFramer, HugeContentLengthIsAnError) {
  std::string message = kMessage;
  message.replace(message.find("Content-Length: 5"), 17, "Content-Length: 999999");
  const Frame frame = StreamFramer::Next(message);
  ASSERT_EQ(frame.kind, Frame::Kind::kError);
  EXPECT_EQ(frame.error.code, SipErrorCode::kBodyTooLarge);
}

}  // namespace
}  // namespace softmcu::sip
