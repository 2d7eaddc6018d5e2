// Corpus replay without libFuzzer (as openssl's fuzz/test-corpus.c): feeds
// every file named on the command line, or every file in a named directory,
// to LLVMFuzzerTestOneInput once. A finding exits with status 1 (after the
// report), failing a corpus ctest; a variant's crash reproducer expects it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

static int RunFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", p.c_str());
    return 1;
  }
  std::vector<uint8_t> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::fprintf(stderr, "replay %s (%zu bytes)\n", p.c_str(), buf.size());
  LLVMFuzzerTestOneInput(buf.data(), buf.size());
  return 0;
}

int main(int argc, char** argv) {
  skbfuzz::SetExitOnFinding(true);
  int files = 0, errors = 0;
  for (int i = 1; i < argc; i++) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> all;
      for (const auto& e : fs::recursive_directory_iterator(arg)) {
        if (e.is_regular_file()) all.push_back(e.path());
      }
      std::sort(all.begin(), all.end());
      for (const auto& p : all) errors += RunFile(p), files++;
    } else {
      errors += RunFile(arg), files++;
    }
  }
  std::fprintf(stderr, "%d inputs replayed, %d unreadable\n", files, errors);
  if (files == 0) {
    std::fprintf(stderr, "no inputs\n");
    return 1;
  }
  return errors ? 1 : 0;
}
