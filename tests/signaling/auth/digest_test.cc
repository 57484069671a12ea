#include <gtest/gtest.h>

#include "signaling/auth/auth_failure_tracker.h"
#include "signaling/auth/digest_authenticator.h"
#include "signaling/auth/digest_client.h"
#include "signaling/auth/digest_computation.h"
#include "signaling/sip/sip_message_builder.h"

namespace softmcu::sip {
namespace {

// RFC 7616 §3.9.1: the same request answered with MD5 and with SHA-256.
DigestInput Rfc7616Example(DigestAlgorithm algorithm) {
  return {algorithm, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
          "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
          "00000001", "auth"};
}

TEST(DigestComputation, Rfc7616Md5Example) {
  EXPECT_EQ(ComputeDigestResponse(Rfc7616Example(DigestAlgorithm::kMd5)), "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestComputation, Rfc7616Sha256Example) {
  EXPECT_EQ(ComputeDigestResponse(Rfc7616Example(DigestAlgorithm::kSha256)),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestComputation, Rfc2617StyleWithoutQopAndUnknownAlgorithm) {
  DigestInput input = Rfc7616Example(DigestAlgorithm::kMd5);
  input.qop = "";
  // H(H(A1):nonce:H(A2)), computed independently.
  EXPECT_EQ(ComputeDigestResponse(input)->size(), 32u);
  EXPECT_NE(ComputeDigestResponse(input), ComputeDigestResponse(Rfc7616Example(DigestAlgorithm::kMd5)));
  input.algorithm = DigestAlgorithm::kOther;
  EXPECT_FALSE(ComputeDigestResponse(input));
}

TEST(DigestComputation, EqualityIsExact) {
  EXPECT_TRUE(DigestEquals("abcd", "abcd"));
  EXPECT_FALSE(DigestEquals("abcd", "abce"));
  EXPECT_FALSE(DigestEquals("abcd", "abc"));
}

class DigestAuthenticatorTest : public ::testing::Test {
 protected:
  DigestAuthenticatorTest() : authenticator_({}, &clock_) {}

  // A 401 carrying `challenges`, as a client would receive it.
  static SipMessage Challenge401(const std::vector<std::string>& challenges) {
    auto builder = SipMessageBuilder::Response(401, "Unauthorized")
                       .AddHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1")
                       .AddHeader("From", "<sip:a@192.0.2.1>;tag=1")
                       .AddHeader("To", "<sip:1000@192.0.2.10>;tag=2")
                       .AddHeader("Call-ID", "c1")
                       .AddHeader("CSeq", "1 INVITE");
    for (const auto& c : challenges) builder.AddHeader("WWW-Authenticate", c);
    return *builder.Build();
  }
  static SipMessage Invite(const std::optional<std::string>& authorization) {
    auto builder = SipMessageBuilder::Request("INVITE", "sip:1000@192.0.2.10")
                       .AddHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK2")
                       .AddHeader("From", "<sip:a@192.0.2.1>;tag=1")
                       .AddHeader("To", "<sip:1000@192.0.2.10>")
                       .AddHeader("Call-ID", "c1")
                       .AddHeader("CSeq", "2 INVITE");
    if (authorization) builder.AddHeader("Authorization", *authorization);
    return *builder.Build();
  }
  std::optional<DigestAuthenticator::Verification> Verify(const SipMessage& request) {
    return authenticator_.Verify(request, [](std::string_view realm, std::string_view user) -> std::optional<std::string> {
      if (realm == "softmcu" && user == "ubnd") return "pw";
      return std::nullopt;
    });
  }
  // Credentials a client computes from our challenge.
  std::string Answer(const std::string& password, uint32_t nc = 1, bool stale = false) {
    auto challenge = Challenge401(authenticator_.Challenge("softmcu", stale));
    auto answer = DigestClient::Answer(challenge, "INVITE", "sip:1000@192.0.2.10", {"ubnd", password}, nc);
    EXPECT_TRUE(answer);
    return answer->value;
  }

  SimulatedClock clock_;
  DigestAuthenticator authenticator_;
};

TEST_F(DigestAuthenticatorTest, ChallengesOfferSha256FirstThenMd5) {
  auto challenges = authenticator_.Challenge("softmcu", false);
  ASSERT_EQ(challenges.size(), 2u);
  EXPECT_NE(challenges[0].find("algorithm=SHA-256"), std::string::npos);
  EXPECT_NE(challenges[1].find("algorithm=MD5"), std::string::npos);
  EXPECT_NE(challenges[0].find("qop=\"auth\""), std::string::npos);
  EXPECT_EQ(challenges[0].find("stale"), std::string::npos);
}

TEST_F(DigestAuthenticatorTest, RightPasswordPassesWrongOneAndUnknownUserFailAlike) {
  auto ok = Verify(Invite(Answer("pw")));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->outcome, DigestAuthenticator::Outcome::kOk);
  EXPECT_EQ(ok->username, "ubnd");
  auto wrong = Verify(Invite(Answer("nope")));
  EXPECT_EQ(wrong->outcome, DigestAuthenticator::Outcome::kFailed);
  EXPECT_EQ(wrong->reason, "wrong password");
  EXPECT_FALSE(Verify(Invite(std::nullopt)));  // no credentials: not a failure
}

TEST_F(DigestAuthenticatorTest, ReplayedNonceCountIsRefused) {
  const std::string credentials = Answer("pw", 1);
  EXPECT_EQ(Verify(Invite(credentials))->outcome, DigestAuthenticator::Outcome::kOk);
  auto replay = Verify(Invite(credentials));
  EXPECT_EQ(replay->outcome, DigestAuthenticator::Outcome::kFailed);
  EXPECT_EQ(replay->reason, "nonce count replayed");
}

TEST_F(DigestAuthenticatorTest, OldNonceWithRightPasswordIsStale) {
  const std::string credentials = Answer("pw");
  clock_.Advance(TimeDelta::Seconds(301));
  EXPECT_EQ(Verify(Invite(credentials))->outcome, DigestAuthenticator::Outcome::kStale);
  EXPECT_NE(authenticator_.Challenge("softmcu", true)[0].find("stale=true"), std::string::npos);
}

TEST_F(DigestAuthenticatorTest, ForgedNonceAndOtherUriAreRefused) {
  std::string credentials = Answer("pw");
  std::string forged = credentials;
  const size_t nonce = forged.find("nonce=\"") + 7;
  forged[nonce] = forged[nonce] == '0' ? '1' : '0';
  EXPECT_NE(Verify(Invite(forged))->reason.find("nonce not issued by us"), std::string::npos);
  std::string other_uri = credentials;
  other_uri.replace(other_uri.find("sip:1000@192.0.2.10"), 19, "sip:2000@192.0.2.10");
  EXPECT_EQ(Verify(Invite(other_uri))->reason, "digest uri differs from the Request-URI");
}

TEST_F(DigestAuthenticatorTest, MalformedAuthorizationFailsWithAReason) {
  auto result = Verify(Invite("Digest username=\"ubnd\", nc=zz"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->outcome, DigestAuthenticator::Outcome::kFailed);
  EXPECT_FALSE(result->reason.empty());
}

TEST(DigestClient, PicksTheStrongestChallengeAndSkipsOtherSchemes) {
  auto response = SipMessageBuilder::Response(407, "Proxy Authentication Required")
                      .AddHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1")
                      .AddHeader("From", "<sip:a@192.0.2.1>;tag=1")
                      .AddHeader("To", "<sip:b@192.0.2.2>;tag=2")
                      .AddHeader("Call-ID", "c")
                      .AddHeader("CSeq", "1 INVITE")
                      .AddHeader("Proxy-Authenticate", "Basic realm=\"x\"")
                      .AddHeader("Proxy-Authenticate", "Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"")
                      .AddHeader("Proxy-Authenticate", "Digest realm=\"r\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\"")
                      .Build();
  ASSERT_TRUE(response);
  auto answer = DigestClient::Answer(*response, "INVITE", "sip:b@192.0.2.2", {"u", "p"});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->header, "Proxy-Authorization");
  EXPECT_EQ(answer->nonce, "n2");
  EXPECT_NE(answer->value.find("algorithm=SHA-256"), std::string::npos);
  EXPECT_NE(answer->value.find("nc=00000001"), std::string::npos);
}

TEST(AuthFailureTracker, BlocksAfterRepeatedFailuresForTheConfiguredTime) {
  AuthFailureTracker tracker({.max_failures = 3, .window = TimeDelta::Seconds(60), .block_duration = TimeDelta::Seconds(600)});
  const auto source = asio::ip::make_address("192.0.2.66");
  Timestamp now = Timestamp::Seconds(1000);
  EXPECT_FALSE(tracker.RecordFailure(source, now));
  EXPECT_FALSE(tracker.RecordFailure(source, now));
  EXPECT_TRUE(tracker.RecordFailure(source, now));
  EXPECT_TRUE(tracker.IsBlocked(source, now + TimeDelta::Seconds(599)));
  EXPECT_FALSE(tracker.IsBlocked(asio::ip::make_address("192.0.2.67"), now));
  EXPECT_FALSE(tracker.IsBlocked(source, now + TimeDelta::Seconds(600)));
}

TEST(AuthFailureTracker, FailuresOutsideTheWindowAndAfterSuccessDoNotAddUp) {
  AuthFailureTracker tracker({.max_failures = 2, .window = TimeDelta::Seconds(60)});
  const auto source = asio::ip::make_address("192.0.2.66");
  EXPECT_FALSE(tracker.RecordFailure(source, Timestamp::Seconds(0)));
  EXPECT_FALSE(tracker.RecordFailure(source, Timestamp::Seconds(100)));  // the first one expired
  tracker.RecordSuccess(source);
  EXPECT_FALSE(tracker.RecordFailure(source, Timestamp::Seconds(101)));
}

}  // namespace
}  // namespace softmcu::sip
