#include "transport/rtcp/sdes.h"

namespace softmcu::rtcp {
namespace {

// SSRC, the items, the END octet, then nulls up to the next 32-bit boundary (RFC 3550 §6.5).
size_t ChunkLength(const Sdes::Chunk& chunk) {
  size_t length = 4;
  for (const Sdes::Item& item : chunk.items) length += 2 + item.value.size();
  length += 1;  // END
  return (length + 3) / 4 * 4;
}

tl::expected<Sdes::Chunk, ParseError> ParseChunk(ByteReader& reader) {
  Sdes::Chunk chunk;
  auto ssrc = reader.U32();
  if (!ssrc) return tl::unexpected(ParseError::kCountPastBody);
  chunk.ssrc = *ssrc;
  while (true) {
    // RFC 3550 §6.5: "The list of items in each chunk MUST be terminated by one or more null
    // octets"; running out of body before it means the chunk is cut.
    auto type = reader.U8();
    if (!type) return tl::unexpected(ParseError::kBadSdesItem);
    if (*type == static_cast<uint8_t>(Sdes::ItemType::kEnd)) break;
    auto length = reader.U8();
    if (!length) return tl::unexpected(ParseError::kBadSdesItem);
    auto text = reader.Bytes(*length);
    if (!text) return tl::unexpected(ParseError::kBadSdesItem);
    chunk.items.push_back(
        Sdes::Item{static_cast<Sdes::ItemType>(*type), std::string(text->begin(), text->end())});
  }
  // "... additional null octets MUST be included if needed to pad until the next 32-bit
  // boundary". The body starts on a boundary, so the reader's position tells how many.
  // Their value is not checked: a receiver loses nothing by tolerating non-null filler.
  const size_t filler = (4 - reader.position() % 4) % 4;
  if (!reader.Skip(filler)) return tl::unexpected(ParseError::kBadSdesItem);
  return chunk;
}

}  // namespace

Sdes Sdes::WithCname(uint32_t ssrc, std::string_view cname) {
  Sdes sdes;
  sdes.chunks.push_back(Chunk{ssrc, {Item{ItemType::kCname, std::string(cname)}}});
  return sdes;
}

std::optional<std::string_view> Sdes::Cname(uint32_t ssrc) const {
  for (const Chunk& chunk : chunks) {
    if (chunk.ssrc != ssrc) continue;
    for (const Item& item : chunk.items) {
      if (item.type == ItemType::kCname) return std::string_view(item.value);
    }
  }
  return std::nullopt;
}

tl::expected<Sdes, ParseError> Sdes::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtSdes) return tl::unexpected(ParseError::kWrongPacketType);
  ByteReader reader(body);
  Sdes sdes;
  sdes.chunks.reserve(header.count_or_format);
  for (size_t i = 0; i < header.count_or_format; ++i) {
    auto chunk = ParseChunk(reader);
    if (!chunk) return tl::unexpected(chunk.error());
    sdes.chunks.push_back(std::move(*chunk));
  }
  return sdes;
}

size_t Sdes::BlockLength() const {
  size_t length = CommonHeader::kSize;
  for (const Chunk& chunk : chunks) length += ChunkLength(chunk);
  return length;
}

size_t Sdes::Serialize(ByteWriter& writer) const {
  if (chunks.size() > kMaxChunks) return 0;
  for (const Chunk& chunk : chunks) {
    for (const Item& item : chunk.items) {
      if (item.type == ItemType::kEnd || item.value.size() > kMaxItemLength) return 0;
    }
  }
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(static_cast<uint8_t>(chunks.size()), kPtSdes, length);
  if (!header || !header->Serialize(writer)) return 0;
  for (const Chunk& chunk : chunks) {
    writer.U32(chunk.ssrc);
    size_t written = 4;
    for (const Item& item : chunk.items) {
      writer.U8(static_cast<uint8_t>(item.type));
      writer.U8(static_cast<uint8_t>(item.value.size()));
      writer.Bytes({reinterpret_cast<const uint8_t*>(item.value.data()), item.value.size()});
      written += 2 + item.value.size();
    }
    writer.Zeros(ChunkLength(chunk) - written);  // END plus null padding
  }
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
