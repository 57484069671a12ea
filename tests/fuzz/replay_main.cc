// Replay driver for builds without libFuzzer (g++): runs LLVMFuzzerTestOneInput once on
// every file of the directories (or files) given, so seed corpora and crash reproducers
// can be checked under any compiler.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void RunFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

int main(int argc, char** argv) {
  int n = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p)) {
        if (e.is_regular_file()) { RunFile(e.path()); ++n; }
      }
    } else {
      RunFile(p);
      ++n;
    }
  }
  std::printf("replayed %d inputs\n", n);
  return 0;
}
