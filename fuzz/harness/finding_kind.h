// libskb fuzz harness: the short name of a finding for one-line summaries
// (scripts/fuzz's FOUND line): "BUG in skb_put", "S2 len_lt_data_len",
// "shadow s1" - a checker id with its violation's name, not the whole message.
#ifndef LIBSKB_FUZZ_HARNESS_FINDING_KIND_H_
#define LIBSKB_FUZZ_HARNESS_FINDING_KIND_H_

#include <cctype>
#include <string>

#include "runner.h"

namespace skbfuzz {

inline std::string ShortKind(const Finding& f) {
  const std::string& k = f.kind;
  const bool checker_id = k.size() >= 2 && k.size() <= 4 && std::isupper(static_cast<unsigned char>(k[0])) &&
                          std::isdigit(static_cast<unsigned char>(k[1]));
  if (!checker_id) return f.Summary();
  // The report lists each violation as "  <id> <name>: <details>".
  const std::string key = "  " + k + " ";
  const size_t at = f.text.find(key);
  if (at == std::string::npos) return k;
  const size_t b = at + key.size();
  const size_t e = f.text.find_first_of(": \n", b);
  return k + " " + f.text.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_FINDING_KIND_H_
