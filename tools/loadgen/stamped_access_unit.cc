#include "tools/loadgen/stamped_access_unit.h"

#include <algorithm>
#include <cstring>

namespace softmcu::loadgen {
namespace {

size_t MaxBandMacroblocks(const VideoMaterial& material) {
  size_t mbs = 0;
  for (size_t i = 0; i < material.rendition_count(); ++i) {
    mbs = std::max(mbs, static_cast<size_t>(material.rendition(i).geometry().band_macroblocks()));
  }
  return mbs;
}

}  // namespace

StampedAccessUnit::StampedAccessUnit(const VideoMaterial& material)
    : buffer_(material.max_access_unit_size()), slice_writer_(MaxBandMacroblocks(material)) {}

std::optional<std::span<const uint8_t>> StampedAccessUnit::Write(const VideoRendition& rendition,
                                                                 size_t frame_index, uint64_t cells,
                                                                 std::optional<uint64_t> reference_cells) {
  const VideoRendition::Frame& frame = rendition.frame(frame_index);
  const auto prefix = rendition.prefix(frame);
  const auto rest = rendition.rest(frame);
  if (prefix.size() + rest.size() > buffer_.size()) return std::nullopt;
  std::memcpy(buffer_.data(), prefix.data(), prefix.size());
  size_t size = prefix.size();
  auto slice = slice_writer_.Write(frame.stamp, rendition.geometry(), cells, reference_cells,
                                   std::span<uint8_t>(buffer_).subspan(size, buffer_.size() - size - rest.size()));
  if (!slice) return std::nullopt;
  size += *slice;
  std::memcpy(buffer_.data() + size, rest.data(), rest.size());
  size += rest.size();
  return std::span<const uint8_t>(buffer_.data(), size);
}

}  // namespace softmcu::loadgen
