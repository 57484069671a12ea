#pragma once
// Non-owning views over I420 planes: a whole VideoFrame, or planes that belong to someone
// else (a source cropped by offsetting its pointers). A view is valid as long as the
// memory it points into; it never owns or extends it.
//
// Chroma planes are half size, rounded up: a W x H picture has ceil(W/2) x ceil(H/2)
// chroma samples, the convention of libavcodec, libyuv and OpenH264 alike.

#include <array>
#include <cstdint>

namespace softmcu {

enum class Plane { kY = 0, kU = 1, kV = 2 };

constexpr int ChromaSize(int luma_size) {
  return (luma_size + 1) / 2;
}

// A rectangle in luma pixels: the scaler's destination, a layout tile on a canvas
// (mixer/layout/canvas_mapper.h), a label's place in a tile.
struct PixelRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  int right() const { return x + width; }
  int bottom() const { return y + height; }
  bool empty() const { return width <= 0 || height <= 0; }
  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

struct I420View {
  std::array<const uint8_t*, 3> data{};
  std::array<int, 3> stride{};
  int width = 0;
  int height = 0;

  const uint8_t* plane(Plane p) const { return data[static_cast<int>(p)]; }
  int plane_stride(Plane p) const { return stride[static_cast<int>(p)]; }
};

struct I420MutableView {
  std::array<uint8_t*, 3> data{};
  std::array<int, 3> stride{};
  int width = 0;
  int height = 0;

  uint8_t* plane(Plane p) const { return data[static_cast<int>(p)]; }
  int plane_stride(Plane p) const { return stride[static_cast<int>(p)]; }
  I420View AsConst() const { return {{data[0], data[1], data[2]}, stride, width, height}; }
};

}  // namespace softmcu
