#include "signaling/transaction/response_factory.h"

#include "signaling/sip/sip_message_builder.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {

std::string ResponseTopVia(const IncomingMessage& request) {
  Via via = request.message.TopVia();
  const std::string source_ip = request.source.address.to_string();
  const bool host_differs = ParseIpHost(via.host) != std::optional(request.source.address);
  // RFC 3581 §4: with rport the server MUST add received, even if it equals sent-by.
  if (host_differs || via.HasRport()) via.params.Set("received", source_ip);
  if (via.HasRport()) via.params.Set("rport", std::to_string(request.source.port));
  return via.Format();
}

SipResult<SipMessage> BuildResponse(const IncomingMessage& request, int code, std::string_view reason,
                                    const ResponseOptions& options) {
  const SipMessage& message = request.message;
  SipMessageBuilder builder = SipMessageBuilder::Response(code, reason);
  const std::vector<Via> vias = message.Vias();
  builder.AddHeader("Via", ResponseTopVia(request));
  for (size_t i = 1; i < vias.size(); ++i) builder.AddHeader("Via", vias[i].Format());
  builder.AddHeader("From", Unfold(*message.Find(HeaderId::kFrom)));
  std::string to = Unfold(*message.Find(HeaderId::kTo));
  if (code > 100 && !options.to_tag.empty() && !message.To().Tag()) to += ";tag=" + options.to_tag;
  builder.AddHeader("To", to);
  builder.AddHeader("Call-ID", Unfold(message.CallId()));
  builder.AddHeader("CSeq", Unfold(*message.Find(HeaderId::kCSeq)));
  for (const auto& [name, value] : options.headers) builder.AddHeader(name, value);
  if (!options.body.empty() || !options.content_type.empty()) builder.SetBody(options.content_type, options.body);
  return builder.Build();
}

SendTarget ResponseTarget(const IncomingMessage& request) {
  if (IsReliable(request.source.kind)) return SendTarget{request.source, request.connection};
  const Via via = request.message.TopVia();
  TransportAddress destination = request.source;
  if (!via.HasRport()) destination.port = via.port.value_or(DefaultPort(TransportKind::kUdp));
  return SendTarget{destination, 0};
}

}  // namespace softmcu::sip
