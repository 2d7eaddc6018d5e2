// libskb/api_profiles.tsv (the compile-time API personality of each profile,
// what scripts/fuzz passes as -DLIBSKB_API_VERSION_CODE/-DLIBSKB_API_RHEL_RELEASE)
// and the run-time profiles (skb::All()) must agree: every row names a
// profile with that version, and every profile has a row.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "skb/profile.h"

namespace {

// The table sits at libskb/api_profiles.tsv beside this file's tests/ directory.
std::string TablePath() {
  std::string here = __FILE__;
  const size_t slash = here.rfind('/');
  const std::string tests = slash == std::string::npos ? "." : here.substr(0, slash);
  return tests + "/../libskb/api_profiles.tsv";
}

struct Row {
  std::string name, version, rhel, flag;
  int line = 0;
};

std::vector<Row> ReadTable() {
  std::vector<Row> rows;
  std::ifstream in(TablePath());
  EXPECT_TRUE(in.good()) << "cannot read " << TablePath();
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    n++;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    EXPECT_GE(cols.size(), 3u) << "line " << n << ": " << line;
    if (cols.size() < 3) continue;
    rows.push_back(Row{cols[0], cols[1], cols[2], cols.size() > 3 ? cols[3] : "", n});
  }
  return rows;
}

// "4.19.0" -> KERNEL_VERSION(4, 19, 0); "2.6.32" -> (2, 6, 32).
int VersionCode(const std::string& v) {
  int a = 0, b = 0, c = 0;
  if (std::sscanf(v.c_str(), "%d.%d.%d", &a, &b, &c) != 3) return -1;
  return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

TEST(ApiProfiles, EveryRowIsAProfileOfThatVersion) {
  const std::vector<Row> rows = ReadTable();
  ASSERT_FALSE(rows.empty());
  for (const Row& r : rows) {
    const skb::Profile* p = skb::ByName(r.name);
    ASSERT_NE(p, nullptr) << "line " << r.line << ": no profile named " << r.name;
    EXPECT_EQ(VersionCode(r.version), p->version_code) << r.name;
    // RHEL rows carry their release ("7.2"), the others "-".
    const bool rhel = r.name.rfind("rhel", 0) == 0;
    if (rhel) {
      int major = 0, minor = 0;
      EXPECT_EQ(std::sscanf(r.rhel.c_str(), "%d.%d", &major, &minor), 2) << r.name;
      EXPECT_EQ(r.name, "rhel" + std::to_string(major)) << "the release's major is the profile's";
    } else {
      EXPECT_EQ(r.rhel, "-") << r.name;
    }
  }
}

TEST(ApiProfiles, EveryProfileHasOneRowInTheOrderOfAll) {
  const std::vector<Row> rows = ReadTable();
  std::vector<std::string> names;
  for (const Row& r : rows) names.push_back(r.name);
  std::vector<std::string> all;
  for (const skb::Profile* p : skb::All()) all.emplace_back(p->name);
  EXPECT_EQ(names, all) << "api_profiles.tsv lists the profiles of skb::All(), newest first";
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size()) << "a name twice";
}

TEST(ApiProfiles, OneDefaultAndItIsTheActiveProfile) {
  int defaults = 0;
  for (const Row& r : ReadTable()) {
    if (r.flag == "default") {
      defaults++;
      EXPECT_EQ(r.name, std::string(skb::Active().name));
    }
  }
  EXPECT_EQ(defaults, 1);
}

TEST(ApiProfiles, NewestFirst) {
  const std::vector<Row> rows = ReadTable();
  for (size_t i = 1; i < rows.size(); i++) {
    EXPECT_GE(VersionCode(rows[i - 1].version), VersionCode(rows[i].version))
        << rows[i - 1].name << " before " << rows[i].name;
  }
}

}  // namespace
