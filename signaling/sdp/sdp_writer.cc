#include "signaling/sdp/sdp_writer.h"

namespace softmcu::sdp {
namespace {

void Line(std::string& out, char type, std::string_view value) {
  out += type;
  out += '=';
  out += value;
  out += "\r\n";
}

std::string ConnectionText(const Connection& c) {
  return "IN " + std::string(ToString(c.address_type)) + " " + c.address;
}

void Attributes(std::string& out, const std::vector<Attribute>& attrs) {
  for (const auto& a : attrs) Line(out, 'a', a.value ? a.name + ":" + *a.value : a.name);
}

void Bandwidths(std::string& out, const std::vector<Bandwidth>& bws) {
  for (const auto& b : bws) Line(out, 'b', b.type + ":" + std::to_string(b.value));
}

void Others(std::string& out, const std::vector<OtherLine>& lines, std::string_view types) {
  for (const auto& l : lines) {
    if (types.find(l.type) != std::string_view::npos) Line(out, l.type, l.value);
  }
}

}  // namespace

std::string SdpWriter::Write(const SessionDescription& sdp) {
  std::string out;
  out.reserve(1024);
  Line(out, 'v', "0");
  const Origin& o = sdp.origin;
  Line(out, 'o',
       o.username + " " + o.session_id + " " + o.session_version + " IN " +
           std::string(ToString(o.address_type)) + " " + o.address);
  Line(out, 's', sdp.session_name);
  if (sdp.information) Line(out, 'i', *sdp.information);
  Others(out, sdp.other_lines, "uep");
  if (sdp.connection) Line(out, 'c', ConnectionText(*sdp.connection));
  Bandwidths(out, sdp.bandwidths);
  for (const auto& t : sdp.timings) {
    Line(out, 't', std::to_string(t.start) + " " + std::to_string(t.stop));
    for (const auto& r : t.repeats) Line(out, 'r', r);
  }
  Others(out, sdp.other_lines, "zk");
  Attributes(out, sdp.attributes);
  for (const auto& m : sdp.media) {
    std::string mline = m.media + " " + std::to_string(m.port);
    if (m.port_count) mline += "/" + std::to_string(*m.port_count);
    mline += " " + m.proto;
    for (const auto& f : m.formats) mline += " " + f;
    Line(out, 'm', mline);
    if (m.title) Line(out, 'i', *m.title);
    if (m.connection) Line(out, 'c', ConnectionText(*m.connection));
    Bandwidths(out, m.bandwidths);
    Others(out, m.other_lines, "k");
    Attributes(out, m.attributes);
  }
  return out;
}

}  // namespace softmcu::sdp
