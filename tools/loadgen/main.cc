// softmcu-loadgen: the engine lands first (the softmcu_loadgen library); the command line follows.
#include <cstdio>
int main() {
  std::fprintf(stderr, "softmcu-loadgen: not wired yet\n");
  return 2;
}
