// The loader's input limits: nesting depth, aliases that contain themselves, alias bombs, keys
// given twice, escaped text in messages, safe names, and large but honest files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "continuum/config/load.hpp"
#include "continuum/network/checks.hpp"
#include "continuum/network/network.hpp"
#include "test_support.hpp"

namespace continuum {
namespace {

// A valid scenario after `name: NAME`, with one level named LEVEL.
std::string scenario_named(const std::string& name, const std::string& level = "detox") {
  return "name: " + name +
         "\nhorizon_days: 100\narrivals:\n  - name: community\n    rate_per_day: 1\n"
         "    entry: {" +
         level + ": 1}\nlevels:\n  " + level +
         ":\n    capacity: 10\n    length_of_stay: {distribution: exponential, mean: 5}\n";
}

std::string errors_of(const std::string& text) {
  return testing::load_error(text, "x.yaml");
}

// `continuum run FILE --out DIR` on `text` (written to FILE, named `file_name`) exits 2 with
// `FILE:` + `message` on stderr, nothing on stdout and no output directory.
void expect_run_refuses(const std::string& file_name, const std::string& text,
                        const std::string& message) {
  const auto dir = testing::temp_dir("refused_" + file_name);
  const std::string file = (dir / file_name).string();
  std::ofstream(file) << text;
  const auto r = testing::run_cli("run " + file + " --out " + (dir / "out").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, file + ":" + message + "\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  std::filesystem::remove_all(dir);
}

// Nine-fold anchors `levels` deep: 9^levels nodes once expanded, from a few hundred bytes.
std::string alias_bomb(int levels) {
  std::string text = "a0: &a0 [x,x,x,x,x,x,x,x,x]\n";
  for (int i = 1; i < levels; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 9; ++k)
      text += "," + prev;
    text += "]\n";
  }
  return text;
}

TEST(InputLimits, AnAliasInsideItsOwnAnchorIsRefused) {
  EXPECT_EQ(errors_of("a: &a {k: *a}\n"), "x.yaml:1:4: error: a: contains itself through an alias");
  EXPECT_EQ(errors_of("name: x\nlevels:\n  l: &l [1, [2, *l]]\n"),
            "x.yaml:3:6: error: levels.l: contains itself through an alias");
}

TEST(InputLimits, DeepNestingIsRefusedAtTheLimit) {
  EXPECT_EQ(errors_of("x: " + std::string(65, '[') + std::string(65, ']') + "\n"),
            "x.yaml:1:68: error: scenario: nested more than 64 levels deep");
  // 64 is allowed: the messages are the ordinary ones.
  EXPECT_EQ(errors_of(scenario_named("x") + "description: " + std::string(63, '[') +
                      std::string(63, ']') + "\n"),
            "x.yaml:11:14: error: description: expected text");
}

TEST(InputLimits, AliasBombsAreRefusedBeforeTheyExpand) {
  // 9^9 and 9^30 nodes: both refused at the 100,001st node.
  const std::string limit =
      "error: scenario: more than 100000 nodes once aliases are expanded (at most max(100000, 10 "
      "x the file's size in bytes))";
  EXPECT_EQ(errors_of(alias_bomb(9)), "x.yaml:1:20: " + limit);
  EXPECT_EQ(errors_of(alias_bomb(30)), "x.yaml:1:20: " + limit);
  // Honest reuse of an anchor is fine.
  EXPECT_EQ(errors_of(scenario_named("x") + "description: &d text\n"), "");
}

TEST(InputLimits, TheCliRefusesTheBombAndDeepNestingWithStatus2) {
  for (const char* file : {"scenarios/invalid/alias_bomb.yaml", "scenarios/invalid/alias_self.yaml",
                           "scenarios/invalid/deep_nesting.yaml"}) {
    const auto r = testing::run_cli(std::string("validate ") + file);
    EXPECT_EQ(r.status, 2) << file;
    EXPECT_NE(r.err.find(std::string(file) + ":"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << file;
  }
}

TEST(InputLimits, KeysGivenTwiceNameTheirPath) {
  EXPECT_EQ(errors_of(scenario_named("x") + "name: y\n"),
            "x.yaml:11:1: error: scenario: key 'name' is given twice");
  EXPECT_EQ(errors_of("name: x\nlevels:\n  detox:\n    capacity: 1\n    capacity: 2\n"
                      "arrivals:\n  - {name: a, name: b}\n"),
            "x.yaml:5:5: error: levels.detox: key 'capacity' is given twice\n"
            "x.yaml:7:15: error: arrivals[0]: key 'name' is given twice");
}

TEST(InputLimits, ControlCharactersAndBadUtf8AreEscapedInMessages) {
  EXPECT_EQ(errors_of(scenario_named("\"a\\0b\\nc\\x7f\"")),
            "x.yaml:1:7: error: name: use letters, digits, '-', '_' and '.' only (got "
            "'a\\x00b\\nc\\x7f'); it names the results directory");
  EXPECT_EQ(errors_of(scenario_named("x") + "bad\tkey: 1\n"),
            "x.yaml:11:1: error: scenario: unknown key 'bad\\tkey'");
  // Valid UTF-8 is shown as is.
  EXPECT_EQ(errors_of(scenario_named("x") + "caf\xc3\xa9: 1\n"),
            "x.yaml:11:1: error: scenario: unknown key 'caf\xc3\xa9'");
}

// A NUL byte anywhere is refused up front at the first one, with its place (yaml-cpp alone read
// it as the end of a line or an escape: "got '1\x00 '" for `capacity: 1<NUL>0`, "3:1: YAML
// syntax: unknown escape character: \n" for one ending line 2).
TEST(InputLimits, NulBytesAreRefusedAtTheFirstOne) {
  const std::string nul(1, '\0');
  const std::string text = scenario_named("x");  // line 9: "    capacity: 10"
  std::string mid = text;
  mid.replace(mid.find("capacity: 10"), 12, "capacity: 1" + nul + "0");
  EXPECT_EQ(errors_of(mid), "x.yaml:9:16: error: NUL byte (\\0) in the scenario file: not text");
  EXPECT_EQ(errors_of("name: x\nhorizon_days: 10" + nul + "\n" + nul),
            "x.yaml:2:17: error: NUL byte (\\0) in the scenario file: not text");
  EXPECT_EQ(errors_of("name: x\n" + nul + "horizon_days: 10\n"),
            "x.yaml:2:1: error: NUL byte (\\0) in the scenario file: not text");
  EXPECT_EQ(errors_of(nul), "x.yaml:1:1: error: NUL byte (\\0) in the scenario file: not text");
  // The CLI: exit status 2, the message on stderr, nothing on stdout.
  const auto dir = testing::temp_dir("nul");
  const std::string file = (dir / "nul2.yaml").string();
  std::ofstream(file, std::ios::binary) << "name: x\nhorizon_days: 10" + nul + "\n";
  const auto r = testing::run_cli("validate " + file);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, file + ":2:17: error: NUL byte (\\0) in the scenario file: not text\n");
  EXPECT_EQ(r.out, "");
  std::filesystem::remove_all(dir);
}

// Files are read in chunks and never past 8 MiB + 1 byte: /dev/zero (as the file or as a base)
// stops at its first NUL byte (it was read whole first: 10 GB in 20 s), a file over the cap is
// refused at its first byte past it, and a directory is called one ("the file is empty" before).
TEST(InputLimits, EndlessAndHugeInputsAreReadOnlyToTheCap) {
  auto r = testing::run_cli("validate /dev/zero");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "/dev/zero:1:1: error: NUL byte (\\0) in the scenario file: not text\n");
  EXPECT_EQ(r.out, "");
  const auto dir = testing::temp_dir("endless");
  const std::string over = (dir / "over.yaml").string();
  std::ofstream(over) << "extends: /dev/zero\nname: y\n";
  r = testing::run_cli("validate " + over);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "/dev/zero:1:1: error: NUL byte (\\0) in the scenario file: not text\n");
  r = testing::run_cli("validate " + dir.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, dir.string() + ": error: is a directory, not a scenario file\n");
  std::filesystem::remove_all(dir);
  const std::string big = scenario_named("x") + "# " + std::string(8 << 20, 'p') + "\n";
  EXPECT_EQ(errors_of(big),
            "x.yaml:11:8388420: error: the scenario file is larger than 8388608 "
            "bytes (8 MiB): not a scenario");
  EXPECT_EQ(errors_of(big.substr(0, 8 << 20)), "");  // exactly 8 MiB: read
}

// The CLI with `args`, killed after 20 s (`timeout`, status 124: a FIFO with no writer blocked
// for ever in open()), with CONTINUUM_PIPE_WAIT_MS (the loader's wait for a FIFO's writer) set to
// `wait_ms`.
testing::CommandResult run_cli_bounded(const std::string& args, const std::string& wait_ms,
                                       const std::filesystem::path& dir) {
  const std::string cmd = "CONTINUUM_PIPE_WAIT_MS=" + wait_ms + " timeout 20 " +
                          std::string(CONTINUUM_BINARY) + " " + args + " >" +
                          (dir / "out").string() + " 2>" + (dir / "err").string();
  const int raw = std::system(cmd.c_str());
  testing::CommandResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = testing::read_file(dir / "out");
  r.err = testing::read_file(dir / "err");
  return r;
}

// A FIFO that nothing writes to, as the scenario or as a base of `extends:`, blocked for ever in
// open(): it is refused, exit status 2, once nothing was written for the wait (5 s; 0.2 s here).
TEST(InputLimits, AFifoWithoutAWriterIsRefusedInBoundedTime) {
  const auto dir = testing::temp_dir("fifo");
  const std::string fifo = (dir / "pipe.yaml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string over = (dir / "over.yaml").string();
  std::ofstream(over) << "name: y\nextends: pipe.yaml\n";
  const auto start = std::chrono::steady_clock::now();
  auto r = run_cli_bounded("validate " + fifo, "200", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, fifo +
                       ": error: is a FIFO (named pipe) that nothing was written to for 0.2 s, not "
                       "a scenario file\n");
  EXPECT_EQ(r.out, "");
  r = run_cli_bounded("validate " + over, "200", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, over + ":2:10: error: extends: '" + fifo +
                       "' is a FIFO (named pipe) that nothing was written to for 0.2 s, not a "
                       "scenario file\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  std::filesystem::remove_all(dir);
}

// A FIFO that is written to (as by a shell's `<(cat scenario.yaml)`) is read as its writer
// writes it, in pieces and after a pause shorter than the wait.
TEST(InputLimits, AFifoWithAWriterIsRead) {
  const auto dir = testing::temp_dir("fifo-writer");
  const std::string fifo = (dir / "pipe.yaml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string text = scenario_named("piped");
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);  // blocks until the loader opens the FIFO
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    out << text.substr(0, 20) << std::flush;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    out << text.substr(20);
  });
  Scenario s;
  try {
    s = load_scenario(fifo);
  } catch (const ScenarioError& e) {
    ADD_FAILURE() << e.what();
  }
  writer.join();
  EXPECT_EQ(s.name, "piped");
  EXPECT_EQ(s.levels.size(), 1u);
  std::filesystem::remove_all(dir);
}

// Unclosed (or closed) flow brackets past 64 are refused at the 65th before yaml-cpp parses:
// 5 MB of '[' took 1.2 GB and 2 s, 20 MB ran out of memory ("out of memory while simulating").
// Brackets in comments, quotes, block scalars and plain text do not count.
TEST(InputLimits, DeepFlowBracketsAreRefusedBeforeParsing) {
  EXPECT_EQ(errors_of("x: " + std::string(5000000, '[')),
            "x.yaml:1:68: error: scenario: nested more than 64 levels deep");
  EXPECT_EQ(errors_of("name: x\nx: {a: [" + std::string(70, '{') + "\n"),
            "x.yaml:2:71: error: scenario: nested more than 64 levels deep");
  const std::string deep(100, '[');
  // A line less indented than a block scalar's text ends it (a scan that skipped every line
  // indented more than `x` let 3 MB of '[' through to yaml-cpp: 0.7 GB).
  EXPECT_EQ(errors_of("x: |\n     text\n  " + deep + "\n"),
            "x.yaml:3:67: error: scenario: nested more than 64 levels deep");
  // yaml-cpp opens a collection at any token's start, not only where a node may start; and in
  // flow context `a:"` is plain text, not a quote (each let 3 MB of '[' through).
  for (const std::string before : {"\"a\" ", "[] ", "*a "})
    EXPECT_EQ(errors_of("x: " + before + deep + "\n"),
              "x.yaml:1:" + std::to_string(4 + before.size() + 64) +
                  ": error: scenario: nested more than 64 levels deep")
        << before;
  EXPECT_EQ(errors_of("x: [a:\"" + deep + "\n"),
            "x.yaml:1:71: error: scenario: nested more than 64 levels deep");
  EXPECT_EQ(errors_of(scenario_named("x") + "# " + deep + "\ndescription: \"" + deep +
                      "\"\nx: |\n  " + deep + "\ny: '" + deep + "'\n"),
            "x.yaml:13:1: error: scenario: unknown key 'x'\n"
            "x.yaml:15:1: error: scenario: unknown key 'y'");
  EXPECT_EQ(errors_of(scenario_named("x") + "description: see " + deep + "\n"), "");
}

// A scenario's text may hold at most 500,000 nodes, counted in the raw text before yaml-cpp
// parses it (each scalar, alias and bracket 1, each `-`, `?`, `:` and `,` 2, the document 1),
// and is refused at the token that passes the limit: yaml-cpp builds its whole tree first
// (~350 bytes a node), so 8 MiB of `x: [1,1,1,...]` took 2.9 GB and 16 s before the error.
TEST(InputLimits, TooManyNodesAreRefusedBeforeParsing) {
  std::string flow = "x: [";  // 5 with the document; then 3 for each `1,`
  for (int k = 0; k < 200000; ++k)
    flow += "1,";
  EXPECT_EQ(errors_of(flow + "]\n"),
            "x.yaml:1:333335: error: scenario: more than 500000 nodes (keys, values and list "
            "entries, counted in the text): not a scenario");  // the 166,666th `1`
  std::string block;                                           // 1, then 3 for each `- 1`
  for (int k = 0; k < 200000; ++k)
    block += "- 1\n";
  EXPECT_EQ(errors_of(block),
            "x.yaml:166667:1: error: scenario: more than 500000 nodes (keys, values and list "
            "entries, counted in the text): not a scenario");
  // A valid scenario of exactly 500,000 (59 + 19 for each change + 4 for `description: d`
  // + 1 for each line that continues it) loads; one more line is refused at it.
  std::string text = scenario_named("x") + "changes:\n";
  for (int k = 0; k < 26312; ++k)
    text += "  - {day: 1, set: {levels.detox.capacity: 2}}\n";
  text += "description: d\n";
  for (int k = 0; k < 9; ++k)
    text += "  w\n";
  const Scenario s = load_scenario_text(text, "x.yaml");
  EXPECT_EQ(s.changes.size(), 26312u);
  EXPECT_EQ(errors_of(text + "  w\n"),
            "x.yaml:26334:3: error: scenario: more than 500000 nodes (keys, values and list "
            "entries, counted in the text): not a scenario");
}

// The files of an `extends:` chain hold 500,000 nodes together: each file below is under the
// limit, the two are over it, refused in the base at the token that passes it, fast and with
// nothing written.
TEST(InputLimits, TooManyNodesInAnExtendsChainAreRefusedInTheBase) {
  const auto dir = testing::temp_dir("many_nodes");
  std::string base = scenario_named("x") + "changes:\n";
  for (int k = 0; k < 20000; ++k)  // 59 + 19 x 20,000 = 380,059
    base += "  - {day: 1, set: {levels.detox.capacity: 2}}\n";
  std::ofstream(dir / "base.yaml") << base;
  std::string top = "extends: base.yaml\ndescription: d\n";  // 9 + 1 for each line below
  for (int k = 0; k < 129999; ++k)
    top += "  w\n";
  std::ofstream(dir / "top.yaml") << top;
  auto r = testing::run_cli("validate " + (dir / "base.yaml").string());
  EXPECT_EQ(r.status, 0) << r.err;
  // The base may add 500,000 - 130,008 = 369,992: 59 + 19 x 19,470 and the next change's `-`
  // and `{` reach it, its `day` passes it.
  r = testing::run_cli("validate " + (dir / "top.yaml").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, (dir / "base.yaml").string() +
                       ":19482:6: error: scenario: more than 500000 nodes with the files that "
                       "extend this one (keys, values and list entries, counted in the text): "
                       "not a scenario\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            2);
  std::filesystem::remove_all(dir);
}

// The whole file must be UTF-8 (it ends up in JSON and HTML: `run` failed with "incomplete UTF-8
// string" on a Latin-1 description that validate had passed); a BOM is fine.
TEST(InputLimits, InvalidUtf8IsRefusedAtItsFirstByte) {
  EXPECT_EQ(errors_of(scenario_named("x") + "description: caf\xe9\n"),
            "x.yaml:11:17: error: invalid UTF-8 (byte 0xE9): save the file as UTF-8");
  EXPECT_EQ(errors_of(scenario_named("x") + "bad\xff\tkey: 1\n"),
            "x.yaml:11:4: error: invalid UTF-8 (byte 0xFF): save the file as UTF-8");
  EXPECT_EQ(errors_of("\xef\xbb\xbf" + scenario_named("x") + "description: caf\xc3\xa9\n"), "");
}

// A second document was silently ignored; a leading `---` and a closing `...` are fine.
TEST(InputLimits, ASecondDocumentIsRefused) {
  EXPECT_EQ(errors_of(scenario_named("x") + "---\nhorizon_days: -5\nbogus: 1\n"),
            "x.yaml:11:1: error: a scenario file holds one YAML document (this is a second one)");
  EXPECT_EQ(errors_of(scenario_named("x") + "--- \n"),
            "x.yaml:11:1: error: a scenario file holds one YAML document (this is a second one)");
  EXPECT_EQ(errors_of("---\n" + scenario_named("x") + "...\n"), "");
}

// A name names results/NAME: more than 100 characters is refused (a 300-character name passed
// validate and `run` failed with "File name too long"), and no message quotes a user string whole
// (a 1,000,000-character name gave a 1 MB message).
TEST(InputLimits, LongNamesAreRefusedAndMessagesStayShort) {
  EXPECT_EQ(errors_of(scenario_named(std::string(100, 'a'))), "");
  EXPECT_EQ(errors_of(scenario_named(std::string(1000000, 'a'))),
            "x.yaml:1:7: error: name: at most 100 characters (got 1000000: '" +
                std::string(40, 'a') + "... (999960 more bytes)'); it names the results directory");
  EXPECT_EQ(errors_of(scenario_named("x") + "currency: " + std::string(1000000, 'k') + "\n"),
            "x.yaml:11:11: error: currency: expected a three-letter ISO 4217 code such as USD or "
            "EUR (got '" +
                std::string(100, 'k') + "... (999900 more bytes)')");
  // Any message: at most its first 700 and last 200 bytes (here a stream named twice).
  const std::string stream =
      "  - {name: " + std::string(1000000, 's') + ", rate_per_day: 1, entry: {detox: 1}}\n";
  const std::string text = scenario_named("x");
  const std::size_t levels = text.find("levels:");
  EXPECT_EQ(
      errors_of("name: x\nhorizon_days: 100\narrivals:\n" + stream + stream + text.substr(levels)),
      "x.yaml:5:12: error: arrivals[1].name: arrival stream '" + std::string(666, 's') +
          " ... (999152 bytes left out) ... " + std::string(182, 's') + "' is defined twice");
}

TEST(InputLimits, NamesThatWouldLeaveTheResultsDirectoryAreRefused) {
  EXPECT_EQ(errors_of(scenario_named("..")),
            "x.yaml:1:7: error: name: must not start with '.' (got '..'); it names the results "
            "directory");
  EXPECT_EQ(errors_of(scenario_named(".hidden")),
            "x.yaml:1:7: error: name: must not start with '.' (got '.hidden'); it names the "
            "results directory");
  EXPECT_EQ(errors_of(scenario_named("a/b")),
            "x.yaml:1:7: error: name: use letters, digits, '-', '_' and '.' only (got 'a/b'); it "
            "names the results directory");
  EXPECT_EQ(errors_of(scenario_named("x", "\"a/b\"")),
            "x.yaml:8:3: error: levels.a/b: '/' and '\\' are not allowed (names become column "
            "and file names)");
  EXPECT_EQ(errors_of(scenario_named("x", ".detox")),
            "x.yaml:8:3: error: levels..detox: must not start with '.'");
  EXPECT_EQ(errors_of(scenario_named("x", "\"de\\0tox\"")),
            "x.yaml:8:3: error: levels.de\\x00tox: control characters and invalid UTF-8 are not "
            "allowed");
  // Invisible, line-breaking and text-direction characters (val3): a right-to-left override
  // would print "detox" reversed in every message and column; U+0085 breaks lines; a zero-width
  // space makes two names look the same. Echoed as \uXXXX.
  EXPECT_EQ(errors_of(scenario_named("x", "\"de\\u202Etox\"")),
            "x.yaml:8:3: error: levels.de\\u202Etox: invisible, line-breaking and text-direction "
            "characters are not allowed (U+202E): a name must read as it is written");
  EXPECT_EQ(errors_of(scenario_named("x", "\"de\\u0085tox\"")),
            "x.yaml:8:3: error: levels.de\\u0085tox: invisible, line-breaking and text-direction "
            "characters are not allowed (U+0085): a name must read as it is written");
  EXPECT_EQ(errors_of(scenario_named("x", "\"detox\\u200B\"")),
            "x.yaml:8:3: error: levels.detox\\u200B: invisible, line-breaking and text-direction "
            "characters are not allowed (U+200B): a name must read as it is written");
  // A name of only spaces printed as a blank cell in the table and daily.csv (val6 finding 7).
  EXPECT_EQ(errors_of(scenario_named("x", "\" \"")),
            "x.yaml:8:3: error: levels. : a name of only spaces is not allowed: it would print as "
            "a blank");
  EXPECT_EQ(errors_of(scenario_named("x", "\"\\u00A0 \\u3000\"")),
            "x.yaml:8:3: error: levels.\u00a0 \u3000: a name of only spaces is not allowed: it "
            "would print as a blank");
  EXPECT_EQ(errors_of(scenario_named("x") + "classes:\n  \"  \": {}\n"),
            "x.yaml:4:5: error: arrivals[0]: missing required key 'classes' (the scenario defines "
            "classes: give each class's share of the referrals)\n"
            "x.yaml:12:3: error: classes.  : a name of only spaces is not allowed: it would print "
            "as a blank");
  EXPECT_EQ(errors_of(scenario_named("x", "\" detox \"")), "");  // spaces around a name are kept
  EXPECT_EQ(errors_of(scenario_named("x", "\"desintoxicaci\\u00F3n \\u6212\\u6BD2\"")), "");
  EXPECT_EQ(errors_of(scenario_named("x.1", "\"iop, evening\"")), "");  // commas are allowed
}

TEST(InputLimits, ManyChangesLoadInOrder) {
  std::string text = scenario_named("x") + "changes:\n";
  for (int i = 20000; i > 0; --i)
    text += "  - {day: " + std::to_string(i % 100) +
            ", set: {levels.detox.capacity: " + std::to_string(i % 7 + 1) + "}}\n";
  const Scenario s = load_scenario_text(text, "x.yaml");
  ASSERT_EQ(s.changes.size(), 20000u);
  EXPECT_EQ(s.changes.front().day, 0);
  EXPECT_EQ(s.changes.back().day, 99);
  EXPECT_EQ(s.changes.front().settings.at(0).pos.line, 12);  // the first entry (day 0)
}

// A file with an error on every level: the first 100 errors are kept (in order of place) and
// the rest counted; each message lists at most 30 level names. Without the cap, 2,000 such
// levels wrote 26 MB of messages and 10,000 would write 650 MB.
TEST(InputLimits, ErrorsPastAHundredAreCountedAndNameListsAreCut) {
  std::string text =
      "name: x\nhorizon_days: 10\narrivals:\n  - name: a\n    rate_per_day: 1\n"
      "    entry: {l0: 1}\nlevels:\n";
  for (int l = 0; l < 150; ++l)
    text += "  l" + std::to_string(l) +
            ":\n    capacity: 1\n    length_of_stay: "
            "{distribution: fixed, value: 1}\n    next: {m" +
            std::to_string(l) + ": 1}\n";
  const std::string errors = errors_of(text);
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; at < errors.size(); at = end + 1) {
    end = std::min(errors.find('\n', at), errors.size());
    lines.push_back(errors.substr(at, end - at));
  }
  ASSERT_EQ(lines.size(), 101u) << errors;
  EXPECT_EQ(lines.front().rfind("x.yaml:11:12: error: levels.l0.next: unknown level 'm0' (did "
                                "you mean 'l0'?); levels are: l0, l1, ",
                                0),
            0u)
      << lines.front();
  EXPECT_NE(lines.front().find(", l29 and 120 more"), std::string::npos) << lines.front();
  EXPECT_EQ(lines[99].rfind("x.yaml:407:12: error: levels.l99.next: unknown level 'm99'", 0), 0u)
      << lines[99];
  EXPECT_EQ(lines.back(), "x.yaml: error: 50 more errors not shown (the first 100 are listed)");
}

// 2,000 levels, each routed to by name, with changes on each: every name is looked up in
// O(log n) (the loader was quadratic in the levels), and each level gets its route.
TEST(InputLimits, ManyLevelsAndChangesLoad) {
  std::string text =
      "name: x\nhorizon_days: 10\narrivals:\n  - name: a\n    rate_per_day: 1\n"
      "    entry: {l0: 1}\nlevels:\n";
  for (int l = 0; l < 2000; ++l)
    text += "  l" + std::to_string(l) +
            ":\n    capacity: 1\n    length_of_stay: "
            "{distribution: fixed, value: 1}\n    next: {" +
            (l == 1999 ? std::string("exit") : "l" + std::to_string(l + 1)) + ": 1}\n";
  text += "changes:\n";
  for (int l = 0; l < 2000; ++l)
    text += "  - {day: 1, set: {levels.l" + std::to_string(1999 - l) + ".capacity: 2}}\n";
  const Scenario s = load_scenario_text(text, "x.yaml");
  ASSERT_EQ(s.levels.size(), 2000u);
  EXPECT_EQ(s.levels[7].next.at(0).target, 8);
  EXPECT_EQ(s.levels[1999].next.at(0).target, kExit);
  EXPECT_EQ(s.changes.at(0).settings.at(0).index, 1999);
  EXPECT_EQ(s.changes.at(1999).settings.at(0).index, 0);
}

// The lines of a multi-line message.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
    end = std::min(text.find('\n', at), text.size());
    lines.push_back(text.substr(at, end - at));
  }
  return lines;
}

// 10,000 levels in a chain (each counts 43 nodes: 15,000 would pass the 500,000-node limit),
// with two classes and a payer, each level split between the next level and a named exit of
// its own. Loading was quadratic in the levels (val3 finding 3a:
// 16,000 levels 25 s, 100,000 over a minute): the per-level checks after reading the levels
// (sessions, payers) looked each level's node up by name, a linear search in yaml-cpp, and
// named exits were searched in a list. Loads in about a second now; no timing is asserted, but
// with a quadratic look-up back this test takes minutes.
TEST(InputLimits, TenThousandLevelsLoad) {
  constexpr int kLevels = 10000;
  std::string text =
      "name: x\nhorizon_days: 10\nclasses: {a: {}, b: {}}\npayers: {p: {}}\n"
      "arrivals:\n  - name: r\n    rate_per_day: 1\n    entry: {l0: 1}\n"
      "    classes: {a: 0.5, b: 0.5}\nlevels:\n";
  for (int l = 0; l < kLevels; ++l) {
    const std::string n = std::to_string(l);
    text += "  l" + n + ": {capacity: 1, length_of_stay: {distribution: fixed, value: 1}, next: {" +
            (l + 1 == kLevels ? std::string("exit") : "l" + std::to_string(l + 1)) +
            ": 0.5, exit.e" + n + ": 0.5}}\n";
  }
  const Scenario s = load_scenario_text(text, "x.yaml");
  ASSERT_EQ(s.levels.size(), static_cast<std::size_t>(kLevels));
  ASSERT_EQ(s.exits.size(), static_cast<std::size_t>(kLevels));
  EXPECT_EQ(s.levels[7].next.at(0).target, 8);
  EXPECT_EQ(s.levels[7].next.at(1).target, named_exit_target(7));
  EXPECT_EQ(s.exits[7], "exit.e7");
  EXPECT_EQ(s.levels[kLevels - 1].next.at(0).target, kExit);
  EXPECT_EQ(s.levels[kLevels - 1].pos.line, 11 + kLevels - 1);
  EXPECT_TRUE(check_network(Network(s)).empty());
}

// Levels no stream reaches, with two referred classes (each class's network is checked, and
// the findings of the classes compared: a search of lists per finding, quadratic) and an error
// on every level from the loader's last check (recently discharged with no relapse; it looked
// each level up by name). The network's errors are capped at 100 like the loader's: 8,000
// unreachable levels gave 8,000 lines.
TEST(InputLimits, AnErrorOnEveryOneOfManyLevelsIsCappedAndFast) {
  constexpr int kLevels = 5000;
  std::string head =
      "name: x\nhorizon_days: 10\nclasses: {a: {}, b: {}}\n"
      "arrivals:\n  - name: r\n    rate_per_day: 1\n    entry: {l0: 1}\n"
      "    classes: {a: 0.5, b: 0.5}\nlevels:\n";
  std::string unreachable = head, discharged = head;
  for (int l = 0; l < kLevels; ++l) {
    const std::string level = "  l" + std::to_string(l) +
                              ": {capacity: 1, length_of_stay: {distribution: fixed, value: 1}";
    unreachable += level + "}\n";
    discharged += level + ", initial_state: {recently_discharged: 1}}\n";
  }
  const Scenario s = load_scenario_text(unreachable, "x.yaml");
  std::vector<Diagnostic> found = check_network(Network(s));
  ASSERT_EQ(found.size(), 101u);
  EXPECT_EQ(found[0].format(),
            "x.yaml:11:3: error: levels.l1: no arrival stream can reach level 'l1' (no entry, "
            "next, re-entry or on_abandon route leads to it)");
  EXPECT_EQ(found[99].format(),
            "x.yaml:110:3: error: levels.l100: no arrival stream can reach level 'l100' (no "
            "entry, next, re-entry or on_abandon route leads to it)");
  EXPECT_EQ(found[100].format(),
            "x.yaml: error: 4899 more errors not shown (the first 100 are listed)");
  const std::vector<std::string> lines = lines_of(errors_of(discharged));
  ASSERT_EQ(lines.size(), 101u);
  EXPECT_EQ(lines[0],
            "x.yaml:10:107: error: levels.l0.initial_state.recently_discharged: nobody relapses "
            "after leaving care from 'l0' (no 'relapse:' applies there)");
  EXPECT_EQ(lines.back(), "x.yaml: error: 4900 more errors not shown (the first 100 are listed)");
}

// A sequence or mapping as a key (`? [L]`) has no text: it is reported once, at the key, before
// any section is read (val3 finding 3d: yaml-cpp's own message without a position, then
// "levels.: a level needs a name"; "classes.: a level needs a name"; staff.roles accepted it).
TEST(InputLimits, ASequenceOrMappingAsAKeyIsReportedAtIt) {
  const std::string base = scenario_named("x");
  EXPECT_EQ(errors_of("name: x\nhorizon_days: 100\narrivals:\n  - name: r\n    rate_per_day: "
                      "1\n    entry: {L: 1}\nlevels:\n  ? [L]\n  :\n    capacity: 2\n"),
            "x.yaml:8:5: error: levels: a level's name must be a plain text key, not a sequence");
  EXPECT_EQ(errors_of(base + "classes: {? [a]: {}}\n"),
            "x.yaml:11:13: error: classes: a class's name must be a plain text key, not a "
            "sequence");
  EXPECT_EQ(errors_of(base + "payers: {? [a]: {}}\n"),
            "x.yaml:11:12: error: payers: a payer's name must be a plain text key, not a sequence");
  EXPECT_EQ(errors_of(base + "staff: {roles: {? [a]: {hours_per_fte_week: 40}}}\n"),
            "x.yaml:11:19: error: staff.roles: a role's name must be a plain text key, not a "
            "sequence");
  EXPECT_EQ(errors_of(base + "? {a: 1}\n: 2\n"),
            "x.yaml:11:3: error: scenario: a key must be plain text, not a mapping");
  EXPECT_EQ(errors_of(base + "    next: {? [a]: 1}\n"),
            "x.yaml:11:14: error: levels.detox.next: a key must be plain text, not a sequence");
  EXPECT_EQ(errors_of(base + "report_windows:\n  - {? [a]: 1}\n"),
            "x.yaml:12:8: error: report_windows[0]: a key must be plain text, not a sequence");
  // Through the command line: status 2, the positioned message alone, nothing on stdout.
  const auto dir = testing::temp_dir("complex_key");
  const std::string file = (dir / "k.yaml").string();
  std::ofstream(file) << base << "classes: {? [a]: {}}\n";
  const auto r = testing::run_cli("validate " + file);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, file +
                       ":11:13: error: classes: a class's name must be a plain text key, not a "
                       "sequence\n");
  EXPECT_EQ(r.out, "");
  std::filesystem::remove_all(dir);
}

// A quoted scalar is text in YAML: where a number or a boolean is expected it is refused at its
// place ("2", '9', "true" used to be read as 2, 9 and true), single or double quotes, in a level,
// a stream, a distribution, a dated change, the seed; the same words unquoted still load.
TEST(InputLimits, QuotedNumbersAndBooleansAreRefused) {
  auto with = [](const std::string& capacity, const std::string& rate, const std::string& mean) {
    return "name: x\nhorizon_days: 100\narrivals:\n  - name: community\n    rate_per_day: " + rate +
           "\n    entry: {detox: 1}\nlevels:\n  detox:\n    capacity: " + capacity +
           "\n    length_of_stay: {distribution: exponential, mean: " + mean + "}\n";
  };
  EXPECT_EQ(errors_of(with("\"2\"", "1", "5")),
            "x.yaml:9:15: error: levels.detox.capacity: expected a number (got the quoted string "
            "\"2\")");
  EXPECT_EQ(errors_of(with("2", "'9'", "5")),
            "x.yaml:5:19: error: arrivals[0].rate_per_day: expected a number (got the quoted "
            "string \"9\")");
  EXPECT_EQ(errors_of(with("2", "1", "\"3\"")),
            "x.yaml:10:55: error: levels.detox.length_of_stay.mean: expected a number (got the "
            "quoted string \"3\")");
  EXPECT_EQ(errors_of(with("2", "1", "5")), "");
  const std::string base = with("2", "1", "5");
  EXPECT_EQ(errors_of(base + "    hold_while_waiting: \"true\"\n"),
            "x.yaml:11:25: error: levels.detox.hold_while_waiting: expected true or false (got the "
            "quoted string \"true\")");
  EXPECT_EQ(errors_of(base + "    hold_while_waiting: true\n"), "");
  EXPECT_EQ(errors_of(base + "changes:\n  - {day: \"10\", set: {levels.detox.capacity: '4'}}\n"),
            "x.yaml:12:11: error: changes[0].day: expected a number (got the quoted string "
            "\"10\")\n"
            "x.yaml:12:46: error: changes[0].set.levels.detox.capacity: expected a number (got the "
            "quoted string \"4\")");
  EXPECT_EQ(errors_of(base + "seed: \"42\"\n"),
            "x.yaml:11:7: error: seed: expected a whole number from 0 to 18446744073709551615 (got "
            "the quoted string \"42\")");
  // Words that are not numbers keep their message; `capacity: "unlimited"` is a word.
  EXPECT_EQ(errors_of(with("\"unlimited\"", "1", "5")), "");
}

// A review interval below a day (review_every_days: 1e-9 ran forever: one approval draw per
// review at admission) is refused at the key; 1 day is the floor (review F2).
TEST(InputLimits, AReviewIntervalBelowADayIsRefused) {
  auto with = [](const std::string& every) {
    return scenario_named("x") +
           "    authorization:\n      p0: {initial_days: 3, "
           "review_every_days: " +
           every + ", approval: 1, on_denial: {exit: 1}}\npayers:\n  p0: {}\n";
  };
  EXPECT_EQ(errors_of(with("1e-9")),
            "x.yaml:12:48: error: levels.detox.authorization.p0.review_every_days: must be at "
            "least 1 (got 1e-09)");
  EXPECT_EQ(errors_of(with("0.5")),
            "x.yaml:12:48: error: levels.detox.authorization.p0.review_every_days: must be at "
            "least 1 (got 0.5)");
  EXPECT_EQ(errors_of(with("1")), "");
  // Through the command line: `run` stops at once with status 2 and writes nothing.
  expect_run_refuses("r.yaml", with("1e-320"),
                     "12:48: error: levels.detox.authorization.p0.review_every_days: must be at "
                     "least 1 (got 9.99989e-321)");
}

// The divisors of the FTE have floors: a subnormal hours_per_fte_week, productive_share,
// patients_per_staff or caseload printed "inf" FTE and "USD inf" (review F6).
TEST(InputLimits, TinyStaffDivisorsAreRefused) {
  const std::string base = scenario_named("x");
  auto staff = [&](const std::string& role, const std::string& rule) {
    return base + "    staffing:\n      nurse: " + rule + "\nstaff:\n  roles:\n    nurse: " + role +
           "\n";
  };
  EXPECT_EQ(errors_of(staff("{hours_per_fte_week: 1e-320}", "{patients_per_staff: 6}")),
            "x.yaml:15:33: error: staff.roles.nurse.hours_per_fte_week: must be at least 1 (got "
            "9.99989e-321)");
  EXPECT_EQ(errors_of(staff("{productive_share: 4.9e-324}", "{patients_per_staff: 6}")),
            "x.yaml:15:31: error: staff.roles.nurse.productive_share: must be at least 0.01 (got "
            "4.94066e-324)");
  EXPECT_EQ(errors_of(staff("{hours_per_fte_week: 40}", "{patients_per_staff: 1e-320}")),
            "x.yaml:12:35: error: levels.detox.staffing.nurse.patients_per_staff: must be at least "
            "0.01 (got 9.99989e-321)");
  EXPECT_EQ(errors_of(staff("{hours_per_fte_week: 40}", "{caseload: 0.001}")),
            "x.yaml:12:25: error: levels.detox.staffing.nurse.caseload: must be at least 0.01 (got "
            "0.001)");
  EXPECT_EQ(errors_of(staff("{hours_per_fte_week: 1, productive_share: 0.01}",
                            "{patients_per_staff: 0.01, caseload: 0.01}")),
            "");
  expect_run_refuses("s.yaml", staff("{hours_per_fte_week: 1e-320}", "{patients_per_staff: 6}"),
                     "15:33: error: staff.roles.nurse.hours_per_fte_week: must be at least 1 (got "
                     "9.99989e-321)");
}

// The patients found in care at time 0 fit the level's capacity (the census before any dated
// change): 12 in care in 10 slots showed a utilization of 109% (review F7).
TEST(InputLimits, InitialInCareAboveTheCapacityIsRefused) {
  const std::string base = scenario_named("x");
  EXPECT_EQ(errors_of(base + "    initial_state: {in_care: 12, waiting: 3}\n"),
            "x.yaml:11:30: error: levels.detox.initial_state.in_care: must be at most the level's "
            "capacity (10) (got 12)");
  EXPECT_EQ(errors_of(base + "    initial_state: {in_care: 10, waiting: 30}\n"), "");
  // A capacity raised by a change of day 0 comes after the census at time 0.
  EXPECT_EQ(errors_of(base + "    initial_state: {in_care: 11}\nchanges:\n  - {day: 0, set: "
                             "{levels.detox.capacity: 20}}\n"),
            "x.yaml:11:30: error: levels.detox.initial_state.in_care: must be at most the level's "
            "capacity (10) (got 11)");
  // Unlimited takes any census; a refused capacity is reported alone.
  std::string unlimited = base;
  unlimited.replace(unlimited.find("capacity: 10"), 12, "capacity: unlimited");
  EXPECT_EQ(errors_of(unlimited + "    initial_state: {in_care: 12}\n"), "");
  std::string bad = base;
  bad.replace(bad.find("capacity: 10"), 12, "capacity: -1");
  EXPECT_EQ(errors_of(bad + "    initial_state: {in_care: 12}\n"),
            "x.yaml:9:15: error: levels.detox.capacity: must be at least 1 (got -1)");
  expect_run_refuses("c.yaml", base + "    initial_state: {in_care: 12}\n",
                     "11:30: error: levels.detox.initial_state.in_care: must be at most the "
                     "level's capacity (10) (got 12)");
}

// An explicit tag on a number or a boolean is refused like a quoted one: `!!str 5` is text by
// YAML's rules and was read as 5; an unknown tag (`!foo 5`) was ignored (review F8).
TEST(InputLimits, TaggedNumbersAndBooleansAreRefused) {
  auto with = [](const std::string& capacity, const std::string& rate) {
    return "name: x\nhorizon_days: 100\narrivals:\n  - name: community\n    rate_per_day: " + rate +
           "\n    entry: {detox: 1}\nlevels:\n  detox:\n    capacity: " + capacity +
           "\n    length_of_stay: {distribution: exponential, mean: 5}\n";
  };
  EXPECT_EQ(errors_of(with("!!str 5", "1")),
            "x.yaml:9:15: error: levels.detox.capacity: expected a number written plain (got '5' "
            "with the tag !!str)");
  EXPECT_EQ(errors_of(with("!foo 5", "1")),
            "x.yaml:9:15: error: levels.detox.capacity: expected a number written plain (got '5' "
            "with the tag !foo)");
  EXPECT_EQ(errors_of(with("2", "!!float 1")),
            "x.yaml:5:19: error: arrivals[0].rate_per_day: expected a number written plain (got "
            "'1' with the tag !!float)");
  const std::string base = with("2", "1");
  EXPECT_EQ(errors_of(base + "    hold_while_waiting: !!bool true\n"),
            "x.yaml:11:25: error: levels.detox.hold_while_waiting: expected true or false written "
            "plain (got 'true' with the tag !!bool)");
  EXPECT_EQ(errors_of(base + "changes:\n  - {day: 10, set: {levels.detox.capacity: !!str 4}}\n"),
            "x.yaml:12:44: error: changes[0].set.levels.detox.capacity: expected a number written "
            "plain (got '4' with the tag !!str)");
  EXPECT_EQ(errors_of("seed: !!str 42\n" + base),
            "x.yaml:1:7: error: seed: expected a whole number written plain (got '42' with the tag "
            "!!str)");
  EXPECT_EQ(errors_of(base), "");
  const auto dir = testing::temp_dir("tagged_number");
  const std::string file = (dir / "t.yaml").string();
  std::ofstream(file) << with("!!str 5", "1");
  const auto r = testing::run_cli("validate " + file);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, file +
                       ":9:15: error: levels.detox.capacity: expected a number written plain (got "
                       "'5' with the tag !!str)\n");
  EXPECT_EQ(r.out, "");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace continuum
