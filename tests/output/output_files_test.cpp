// Output sets written whole or not at all: RFC 4180 fields, the manifest, the lock, replacing a
// directory in one step and cleaning up after dead runs.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "continuum/output/files.hpp"
#include "continuum/output/format.hpp"
#include "continuum/output/manifest.hpp"
#include "continuum/output/output_lock.hpp"
#include "continuum/output/sha256.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::temp_dir;

TEST(CsvField, QuotesOnlyWhenRfc4180NeedsIt) {
  EXPECT_EQ(csv_field("detox"), "detox");
  EXPECT_EQ(csv_field("county-baseline_2.v1"), "county-baseline_2.v1");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
  EXPECT_EQ(csv_field(" spaced "), " spaced ");  // spaces need no quotes
}

// A name a spreadsheet would read as a formula ("=1+2" showed 3 in daily.csv) is written as text:
// a single quote before a leading '=', '+', '-', '@', tab or CR (OWASP), then quoted by RFC 4180
// when it needs it. Only there: inside a name, or in a number, these characters stay as they are.
TEST(CsvField, AFieldAFormulaWouldStartIsPrefixedWithAQuote) {
  EXPECT_EQ(csv_field("=1+2"), "'=1+2");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-0.5"), "'-0.5");  // a name; csv_number(-0.5) is -0.5
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\tx"), "'\tx");
  EXPECT_EQ(csv_field("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\",1)"), "\"'=HYPERLINK(\"\"x\"\",1)\"");
  EXPECT_EQ(csv_field("x=cmd|calc"), "x=cmd|calc");
  EXPECT_EQ(csv_field("a-b"), "a-b");
  EXPECT_EQ(csv_field("'quoted"), "'quoted");
  EXPECT_EQ(csv_number(-0.5), "-0.5");
}

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Manifest, ListsEachFileWithItsSizeAndHash) {
  Provenance p;
  p.command_line = {"continuum", "run", "x.yaml"};
  p.scenarios = {{"x.yaml", std::string(64, '0')}};
  p.seed = 42;
  p.replications = 3;
  const auto j = nlohmann::json::parse(manifest_json(p, {{"a.csv", "1,2\n"}, {"b.json", "{}"}}));
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["continuum_version"], "0.1.0");
  EXPECT_EQ(j["command_line"], nlohmann::json({"continuum", "run", "x.yaml"}));
  EXPECT_EQ(j["scenarios"][0]["path"], "x.yaml");
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["replications"], 3);
  ASSERT_EQ(j["files"].size(), 2u);
  EXPECT_EQ(j["files"][0]["name"], "a.csv");
  EXPECT_EQ(j["files"][0]["bytes"], 4);
  EXPECT_EQ(j["files"][0]["sha256"], sha256_hex("1,2\n"));
  EXPECT_EQ(j["files"][1]["sha256"], sha256_hex("{}"));
}

TEST(OutputLock, ASecondLockOnTheSameDirectoryIsRefused) {
  const auto dir = temp_dir("lock");
  {
    const OutputLock first(dir / "out");
    EXPECT_TRUE(fs::exists(dir / "out.lock"));
    try {
      const OutputLock second(dir / "out/");  // the same directory, spelt otherwise
      ADD_FAILURE() << "the second lock was granted";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()),
                (dir / "out/").string() +
                    ": another continuum run is writing into this directory; wait for it to end "
                    "or choose another --out");
    }
    const OutputLock other(dir / "other");  // another directory is free
  }
  EXPECT_FALSE(fs::exists(dir / "out.lock"));  // released and removed
  const OutputLock again(dir / "out");
  fs::remove_all(dir);
}

// A single output file is renamed over its target: a target that is not a regular file (a
// FIFO, a symbolic link, a directory) is left as it is, with no temporary file beside it, even
// when it became one after the command's own check.
TEST(WriteFileAtomic, NeverReplacesATargetThatIsNotARegularFile) {
  const auto dir = temp_dir("atomic-kinds");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0644), 0);
  { std::ofstream(dir / "target.txt") << "keep"; }
  fs::create_symlink("target.txt", dir / "link");
  fs::create_directories(dir / "sub");
  for (const auto& [name, kind] : std::vector<std::pair<std::string, std::string>>{
           {"fifo", "a FIFO"}, {"link", "a symbolic link"}, {"sub", "a directory"}}) {
    const fs::file_type type = fs::symlink_status(dir / name).type();
    try {
      write_file_atomic(dir / name, "trace");
      ADD_FAILURE() << name << " was replaced";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), (dir / name).string() +
                                           ": exists and is not a regular file (" + kind +
                                           "); not replaced");
    }
    EXPECT_EQ(fs::symlink_status(dir / name).type(), type) << name;
  }
  EXPECT_EQ(read_file(dir / "target.txt"), "keep");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 4);
  write_file_atomic(dir / "target.txt", "new");  // a regular file is replaced whole
  EXPECT_EQ(read_file(dir / "target.txt"), "new");
  fs::remove_all(dir);
}

TEST(WriteOutputs, ReplacesTheWholeSet) {
  const auto dir = temp_dir("replace");
  const Provenance p{{"continuum"}, {}, 1, 1};
  {
    const OutputLock lock = lock_output_dir(dir / "set");
    write_outputs(lock, {{"summary.json", "old"}, {"daily.csv", "old"}}, p);
  }
  {
    const OutputLock lock = lock_output_dir(dir / "set");
    write_outputs(lock, {{"summary.json", "new"}}, p);
  }
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"set"});  // no temporary or lock file left
  EXPECT_EQ(read_file(dir / "set" / "summary.json"), "new");
  EXPECT_FALSE(fs::exists(dir / "set" / "daily.csv"));
  EXPECT_EQ(read_file(dir / "set" / "manifest.json"), manifest_json(p, {{"summary.json", "new"}}));
  fs::remove_all(dir);
}

// Bytes of every size cross the sink's 64 KiB blocks whole and in order: appends longer than a
// block, room() that does not fit the rest of one, and empty pieces.
class BlockLog final : public ByteSink {
 public:
  std::string bytes;
  std::vector<std::size_t> blocks;

 private:
  void take(std::string_view block) override {
    blocks.push_back(block.size());
    bytes.append(block);
  }
};

TEST(ByteSink, PiecesOfEverySizeArriveWholeAndInOrder) {
  BlockLog sink;
  std::string want;
  std::uint64_t x = 12345;
  auto next = [&x] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int piece = 0; piece < 400; ++piece) {
    const std::size_t n = (next() >> 33) % (piece % 50 == 0 ? 200000 : 3000);
    std::string bytes(n, '\0');
    for (char& c : bytes)
      c = static_cast<char>(next() >> 56);
    if (piece % 3 == 0) {  // through room(): contiguous, never split across two blocks
      const std::size_t part = std::min(n, ByteSink::kBlockBytes);
      char* p = sink.room(part);
      sink.commit(std::copy_n(bytes.data(), part, p));
      bytes.resize(part);
    } else {
      sink << bytes;
    }
    want += bytes;
  }
  sink.flush();
  EXPECT_EQ(sink.bytes, want);
  ASSERT_GT(sink.blocks.size(), 10u);
  for (const std::size_t b : sink.blocks) {
    EXPECT_GT(b, 0u);
    EXPECT_LE(b, ByteSink::kBlockBytes);
  }
}

// A file given as a stream lands with the bytes the stream wrote, and manifest.json lists the
// size and SHA-256 of those bytes, the same as for the file given whole.
TEST(WriteOutputs, AStreamedFileIsWrittenAndHashedAsItsBytes) {
  const auto dir = temp_dir("streamed");
  const Provenance p{{"continuum"}, {}, 1, 1};
  std::string whole;
  for (int row = 0; row < 40000; ++row)  // about 500 KB: several blocks
    whole += fmt::format("{},{:.3f}\n", row, row * 0.37);
  {
    const OutputLock lock = lock_output_dir(dir / "set");
    write_outputs(lock,
                  {{"small.json", "{}"},
                   {"big.csv", "",
                    [](ByteSink& sink) {
                      for (int row = 0; row < 40000; ++row)
                        sink << fmt::format("{},{:.3f}\n", row, row * 0.37);
                    }}},
                  p);
  }
  EXPECT_EQ(read_file(dir / "set" / "big.csv"), whole);
  const std::string manifest = read_file(dir / "set" / "manifest.json");
  EXPECT_EQ(manifest, manifest_json(p, {{"small.json", "{}"}, {"big.csv", whole}}));
  const auto j = nlohmann::json::parse(manifest);
  EXPECT_EQ(j["files"][1]["bytes"], whole.size());
  EXPECT_EQ(j["files"][1]["sha256"], sha256_hex(whole));
  fs::remove_all(dir);
}

// Writing a large file through the sink touches no fresh memory per block (the point of it: a
// file built whole in a string first would take a page fault every 4 KiB, 2,000 for 8 MiB).
TEST(WriteOutputs, AStreamedFileTakesNoPageFaultsPerBlock) {
  const auto dir = temp_dir("faults");
  const Provenance p{{"continuum"}, {}, 1, 1};
  const std::string line(1000, 'x');
  auto faults = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
  };
  const OutputLock lock = lock_output_dir(dir / "set");
  const long before = faults();
  write_outputs(lock,
                {{"big.csv", "",
                  [&line](ByteSink& sink) {
                    for (int row = 0; row < 8192; ++row)  // 8 MiB
                      sink << line;
                  }}},
                p);
  const long taken = faults() - before;
  EXPECT_LT(taken, 200) << "page faults writing 8 MiB";
  EXPECT_EQ(fs::file_size(dir / "set" / "big.csv"), 8192u * 1000u);
  fs::remove_all(dir);
}

// The simulated full disk (CONTINUUM_TEST_FAIL_AT=write) strikes the file after the first: in a
// set of one file (size writes results.xlsx alone), manifest.json.
TEST(WriteOutputs, ASimulatedFullDiskNamesTheNextFile) {
  const auto dir = temp_dir("full");
  const Provenance p{{"continuum"}, {}, 1, 1};
  setenv("CONTINUUM_TEST_FAIL_AT", "write", 1);
  for (const bool one : {true, false}) {
    const OutputLock lock = lock_output_dir(dir / "set");
    std::vector<OutputFile> files = {{"results.xlsx", "x"}};
    if (!one) files.push_back({"daily.csv", "y"});
    try {
      write_outputs(lock, files, p);
      ADD_FAILURE() << "no error";
    } catch (const std::runtime_error& e) {
      const std::string set = (dir / "set").string();
      EXPECT_EQ(std::string(e.what()),
                set + ": cannot write " + (one ? "manifest.json" : "daily.csv") +
                    ": No space left on device (CONTINUUM_TEST_FAIL_AT); " + set + " is unchanged");
    }
  }
  unsetenv("CONTINUUM_TEST_FAIL_AT");
  EXPECT_FALSE(fs::exists(dir / "set" / "results.xlsx"));
  fs::remove_all(dir);
}

TEST(WriteOutputs, RemovesTheLeftoversOfDeadRunsOnly) {
  const auto dir = temp_dir("leftovers");
  fs::create_directories(dir / ".set.tmp-123-00000000deadbeef");
  fs::create_directories(dir / ".set.old-9-0123456789abcdef");
  fs::create_directories(dir / ".set.tmp-mine");                 // not a name continuum makes
  fs::create_directories(dir / ".set2.tmp-1-00000000deadbeef");  // another target's
  { const OutputLock lock = lock_output_dir(dir / "set"); }
  EXPECT_FALSE(fs::exists(dir / ".set.tmp-123-00000000deadbeef"));
  EXPECT_FALSE(fs::exists(dir / ".set.old-9-0123456789abcdef"));
  EXPECT_TRUE(fs::exists(dir / ".set.tmp-mine"));
  EXPECT_TRUE(fs::exists(dir / ".set2.tmp-1-00000000deadbeef"));
  fs::remove_all(dir);
}

TEST(WriteOutputs, RefusesToReplaceADirectoryContinuumDidNotWrite) {
  const auto dir = temp_dir("foreign");
  fs::create_directories(dir / "mine");
  std::ofstream(dir / "mine" / "notes.txt") << "keep me";
  std::ofstream(dir / "mine" / "summary.json") << "{}";
  try {
    lock_output_dir(dir / "mine");
    ADD_FAILURE() << "a directory with notes.txt would be replaced";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "mine").string() +
                                         ": not replaced: it holds 'notes.txt', which continuum "
                                         "did not write; choose another --out or move it");
  }
  EXPECT_EQ(read_file(dir / "mine" / "notes.txt"), "keep me");
  std::ofstream(dir / "file") << "x";
  EXPECT_THROW(lock_output_dir(dir / "file"), std::runtime_error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace continuum
