#include "tools/loadgen/endpoint_directory.h"

namespace softmcu::loadgen {

EndpointDirectory::EndpointDirectory(uint32_t count, bool video) {
  logs_.reserve(count);
  for (uint32_t i = 0; i < count; ++i) logs_.push_back(std::make_unique<SendLog>(video));
}

}  // namespace softmcu::loadgen
