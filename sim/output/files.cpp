// Atomic writing: a file through a temporary name, an output set through a temporary directory
// that replaces the target in one rename.
#include "continuum/output/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string_view>

namespace continuum {

namespace fs = std::filesystem;

namespace {
// A manifest.json larger than this is not one continuum wrote (one line per file of a set).
constexpr std::uintmax_t kMaxManifestBytes = 1 << 20;

// Test only: CONTINUUM_TEST_FAIL_AT=write fails as a full disk would after the first file;
// =rename kills the process just before the target is replaced, =remove just after (before the
// previous set is removed). Read here and nowhere else.
bool test_fail_at(std::string_view step) {
  const char* at = std::getenv("CONTINUUM_TEST_FAIL_AT");
  return at != nullptr && step == at;
}

void test_kill_at(std::string_view step) {
  if (test_fail_at(step)) std::raise(SIGKILL);
}

// ".<name>.<kind>-<pid>-<16 hex digits>" beside the target: hidden, and unique to this run.
fs::path temp_beside(const fs::path& target, std::string_view kind) {
  std::random_device random;
  const std::uint64_t tag = (std::uint64_t{random()} << 32) ^ random();
  return target.parent_path() / fmt::format(".{}.{}-{}-{:016x}", target.filename().string(), kind,
                                            static_cast<long>(::getpid()), tag);
}

// True for the name of a temporary directory temp_beside() made for `target` ("tmp": a set
// being written; "old": a previous set being removed).
bool is_leftover(const std::string& name, const fs::path& target) {
  for (const char* kind : {"tmp", "old"}) {
    const std::string prefix = fmt::format(".{}.{}-", target.filename().string(), kind);
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string_view tail = std::string_view(name).substr(prefix.size());
    const std::size_t dash = tail.find('-');
    if (dash == std::string_view::npos || dash == 0 || tail.size() - dash - 1 != 16) continue;
    if (tail.substr(0, dash).find_first_not_of("0123456789") != std::string_view::npos) continue;
    if (tail.substr(dash + 1).find_first_not_of("0123456789abcdef") == std::string_view::npos)
      return true;
  }
  return false;
}

// The files continuum writes into an output directory, and the temporary names of earlier
// versions ("summary.json.tmp-123"): a directory holding only these may be replaced.
bool is_continuum_output(const std::string& name) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "summary.json",   "daily.csv", "report.html",   "comparison.json",
      "comparison.csv", "sweep.csv", "manifest.json", "results.xlsx"};
  for (std::string_view known : kNames) {
    if (name == known) return true;
    const std::string prefix = std::string(known) + ".tmp-";
    if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size() &&
        name.find_first_not_of("0123456789", prefix.size()) == std::string::npos)
      return true;
  }
  return false;
}

// The names `dir/manifest.json` lists under "files" when it is a manifest continuum wrote
// (manifest_json: schema_version 1, continuum_version, files of {name, bytes, sha256}); nullopt
// for anything else: another program's manifest.json, a file that is not JSON, one too large.
std::optional<std::set<std::string>> continuum_manifest_files(const fs::path& dir) {
  const fs::path path = dir / "manifest.json";
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) return std::nullopt;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxManifestBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("schema_version") || j["schema_version"] != 1 ||
      !j.contains("continuum_version") || !j["continuum_version"].is_string() ||
      !j.contains("files") || !j["files"].is_array())
    return std::nullopt;
  std::set<std::string> names;
  for (const auto& file : j["files"]) {
    if (!file.is_object() || !file.contains("name") || !file["name"].is_string() ||
        !file.contains("bytes") || !file["bytes"].is_number_unsigned() ||
        !file.contains("sha256") || !file["sha256"].is_string())
      return std::nullopt;
    names.insert(file["name"].get<std::string>());
  }
  return names;
}

// A target may be replaced when it is absent, empty, a continuum output set (a manifest.json
// continuum wrote and nothing but the files it lists), or, without a manifest, holds only the
// files continuum writes: anything else is refused, naming the first foreign entry by name.
void check_replaceable(const OutputLock& lock) {
  const fs::path& target = lock.target();
  const std::string given = lock.given().string();
  if (!fs::exists(fs::symlink_status(target))) return;
  if (fs::is_symlink(fs::symlink_status(target)) || !fs::is_directory(target))
    throw std::runtime_error(fmt::format("{}: exists and is not a directory", given));
  std::optional<std::set<std::string>> listed;
  if (fs::exists(fs::symlink_status(target / "manifest.json"))) {
    listed = continuum_manifest_files(target);
    if (!listed)
      throw std::runtime_error(fmt::format(
          "{}: not replaced: its manifest.json is not one continuum wrote; choose another --out",
          given));
    listed->insert("manifest.json");
  }
  std::set<std::string> foreign;  // sorted: the message names the first by name
  for (const auto& entry : fs::directory_iterator(target)) {
    const std::string name = entry.path().filename().string();
    const bool ours = listed ? listed->count(name) > 0 : is_continuum_output(name);
    if (!ours || !entry.is_regular_file() || entry.is_symlink()) foreign.insert(name);
  }
  if (!foreign.empty())
    throw std::runtime_error(fmt::format(
        "{}: not replaced: it holds '{}', which continuum did not write; choose another --out "
        "or move it",
        given, *foreign.begin()));
}

void remove_leftovers(const fs::path& target) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    if (!is_leftover(entry.path().filename().string(), target)) continue;
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
  }
}
}  // namespace

namespace {
// "a FIFO", "a character device": what a file type is, for a refusal.
const char* kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::symlink:
      return "a symbolic link";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "of an unknown kind";
  }
}
}  // namespace

std::string enclosing_output_set(const fs::path& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (ec) return "";
  fs::path dir = absolute.filename().empty() ? absolute.parent_path() : absolute;
  while (dir.has_relative_path()) {
    dir = dir.parent_path();
    if (!continuum_manifest_files(dir)) continue;
    if (path.is_absolute()) return dir.string();
    const fs::path shown = dir.lexically_relative(fs::current_path(ec));
    return ec || shown.empty() || shown == "." ? dir.string() : shown.string();
  }
  return "";
}

std::string single_file_refusal(const fs::path& path, const std::vector<std::string>& inputs) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (status.type() == fs::file_type::directory) return "is a directory; give a file name";
  const bool exists = !ec && fs::exists(status);
  if (exists && status.type() != fs::file_type::regular)
    return fmt::format("exists and is not a regular file ({}); give a new file path",
                       kind_of(status.type()));
  if (exists)
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!fs::equivalent(path, inputs[i], ec) || ec) continue;
      return i == 0 ? fmt::format(
                          "is the scenario file {}, which this command reads; give "
                          "another file path",
                          inputs[i])
                    : fmt::format(
                          "is {}, a base file of the scenario's extends: chain, which "
                          "this command reads; give another file path",
                          inputs[i]);
    }
  if (const std::string set = enclosing_output_set(path); !set.empty())
    return fmt::format(
        "is inside {}, a continuum output set (its manifest.json would no longer match its "
        "files); write it outside that set",
        set);
  return "";
}

void write_file_atomic(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += fmt::format(".tmp-{}", static_cast<long>(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write", tmp.string()));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw std::runtime_error(fmt::format("{}: write failed", tmp.string()));
    }
  }
  std::error_code ec;
  // The callers refused such a target before simulating (single_file_refusal); one that became
  // a link, device or FIFO since is still not replaced.
  const fs::file_status now = fs::symlink_status(path, ec);
  if (!ec && fs::exists(now) && now.type() != fs::file_type::regular) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error(
        fmt::format("{}: exists and is not a regular file ({}); not replaced", path.string(),
                    now.type() == fs::file_type::directory ? "a directory" : kind_of(now.type())));
  }
  ec.clear();
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error(
        fmt::format("{}: cannot rename into place: {}", path.string(), ec.message()));
  }
}

OutputLock lock_output_dir(const fs::path& dir) {
  // Before the lock, which creates the missing directories and the lock file beside `dir`.
  if (const std::string set = enclosing_output_set(dir); !set.empty())
    throw std::runtime_error(
        fmt::format("{}: is inside {}, another continuum output set, which could then no longer be "
                    "replaced; choose an --out outside it",
                    dir.string(), set));
  OutputLock lock(dir);
  check_replaceable(lock);
  remove_leftovers(lock.target());
  return lock;
}

namespace {
// A file of the set being written: each block goes into its digest and to the file (write(2),
// no stream buffer: the sink's block is the buffer).
class FileSink final : public DigestSink {
 public:
  FileSink(const fs::path& path, std::string_view name) : name_(name) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) fail(errno);
  }
  ~FileSink() override {
    if (fd_ >= 0) ::close(fd_);
  }
  // Writes what is left and closes the file: its size and hash.
  FileDigest finish() {
    FileDigest out = digest(std::string(name_));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(errno);
    return out;
  }

 private:
  void take(std::string_view block) override {
    DigestSink::take(block);
    while (!block.empty()) {
      const ssize_t n = ::write(fd_, block.data(), block.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail(n < 0 ? errno : ENOSPC);
      block.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  [[noreturn]] void fail(int error) const {
    throw std::runtime_error(fmt::format("cannot write {}: {}", name_, std::strerror(error)));
  }
  std::string_view name_;
  int fd_ = -1;
};

// Each file into `dir` (a fresh directory), then manifest.json listing them; the message names
// the file, without `dir`.
void write_files(const fs::path& dir, const std::vector<OutputFile>& files,
                 const Provenance& provenance) {
  std::vector<FileDigest> digests;
  digests.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileSink sink(dir / files[i].name, files[i].name);
    files[i].write(sink);
    digests.push_back(sink.finish());
    if (i == 0 && test_fail_at("write"))
      throw std::runtime_error(fmt::format(
          "cannot write {}: {} (CONTINUUM_TEST_FAIL_AT)",
          files.size() > 1 ? files[1].name : std::string("manifest.json"), std::strerror(ENOSPC)));
  }
  FileSink manifest(dir / "manifest.json", "manifest.json");
  manifest.append(manifest_json(provenance, digests));
  manifest.finish();
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot rename into place: {}", ec.message()));
}

// Puts the complete set `tmp` in the place of `target`: one exchange of the two directories, so
// no moment shows a mix or nothing; file systems without RENAME_EXCHANGE move the previous set
// aside first (the target is then absent between two renames, never mixed).
void replace_target(const fs::path& tmp, const fs::path& target) {
  test_kill_at("rename");
  if (!fs::exists(fs::symlink_status(target))) return rename_or_throw(tmp, target);
  std::error_code ignored;
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    test_kill_at("remove");
    fs::remove_all(tmp, ignored);  // now the previous set
    return;
  }
  if (errno != EINVAL && errno != ENOSYS)
    throw std::runtime_error(fmt::format("cannot rename into place: {}", std::strerror(errno)));
  const fs::path old = temp_beside(target, "old");
  rename_or_throw(target, old);
  try {
    rename_or_throw(tmp, target);
  } catch (...) {
    fs::rename(old, target, ignored);  // put the previous set back
    throw;
  }
  test_kill_at("remove");
  fs::remove_all(old, ignored);
}
}  // namespace

void write_outputs(const OutputLock& lock, const std::vector<OutputFile>& files,
                   const Provenance& provenance) {
  const fs::path tmp = temp_beside(lock.target(), "tmp");
  try {
    fs::create_directory(tmp);
    write_files(tmp, files, provenance);
    replace_target(tmp, lock.target());
  } catch (const std::exception& e) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    const std::string given = lock.given().string();
    throw std::runtime_error(fmt::format("{}: {}; {} is unchanged", given, e.what(), given));
  }
}

}  // namespace continuum
