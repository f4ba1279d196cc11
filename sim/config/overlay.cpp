// Overlays: a scenario that `extends:` another is merged onto it (maps key by key, arrival streams
// by name, a null value deletes), through a chain of at most kMaxExtendsDepth files.
#include "overlay.hpp"

#include "document_limits.hpp"
#include "safe_text.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

namespace continuum::config {

namespace {

constexpr int kMaxExtendsDepth = 8;

// Maps that an overlay replaces whole rather than merges key by key: routing tables (their
// probabilities must sum to 1 as written: entry, next, reentry, on_abandon, a class's entry in
// a stream's entry_by_class), a stream's class shares (idem) and distributions (parameters
// depend on the kind). `path` is the path of the map holding `key`.
bool replaced_whole(const std::string& path, const std::string& key, const YAML::Node& value) {
  const std::string_view by_class = ".entry_by_class";
  const bool entry_of_class =
      path.rfind("arrivals[", 0) == 0 && path.size() >= by_class.size() &&
      path.compare(path.size() - by_class.size(), by_class.size(), by_class) == 0;
  return key == "entry" || key == "next" || key == "reentry" || key == "on_abandon" ||
         entry_of_class || (key == "classes" && path.rfind("arrivals[", 0) == 0) ||
         (value.IsMap() && value["distribution"]);
}

std::string name_of(const YAML::Node& item) {
  return item.IsMap() && item["name"] && item["name"].IsScalar() ? item["name"].Scalar() : "";
}

// Whether an overlay's stream deletes the base's stream of its name: `delete: true`, a boolean
// read as every boolean is (Reader::boolean: written plain, so `delete: "true"` is refused as a
// quoted string). `delete: false` keeps the stream (the key is dropped). False when refused, and
// for `delete: ~` (merge_into reports that there is no key `delete` to delete).
bool deleted(const YAML::Node& item, const std::string& path, Reader& r) {
  if (!item.IsMap() || !item["delete"] || item["delete"].IsNull())  // `delete: ~`: merge_into
    return false;
  const std::optional<bool> yes = r.boolean(item["delete"], sub(path, "delete"));
  if (yes.has_value() && !*yes) YAML::Node(item).remove("delete");
  return yes.value_or(false);
}

void merge_into(YAML::Node base, const YAML::Node& over, Reader& r, Origins& origins,
                const std::string& path);

// Arrival streams are merged by name; `delete: true` removes the base's stream of that name. The
// overlay's streams are looked up by name in a map (O((b + o) log o)); of two with one name the
// last counts. The merged list is written into the overlay's own list node, so that messages
// about the list name the overlay's place.
void merge_arrivals(const YAML::Node& base, YAML::Node over, Reader& r, Origins& origins) {
  std::map<std::string, std::size_t> over_by_name;
  std::vector<bool> deletes(over.size());
  for (std::size_t j = 0; j < over.size(); ++j) {
    const std::string name = name_of(over[j]);
    deletes[j] =
        deleted(over[j], fmt::format("arrivals[{}]", name.empty() ? std::to_string(j) : name), r);
    if (!name.empty()) over_by_name[name] = j;
  }
  std::vector<YAML::Node> merged;
  std::set<std::string> base_names;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const YAML::Node b = base[i];
    const std::string name = name_of(b);
    base_names.insert(name);
    const auto match = name.empty() ? over_by_name.end() : over_by_name.find(name);
    if (match == over_by_name.end()) {
      merged.push_back(b);
    } else if (!deletes[match->second]) {
      merge_into(b, over[match->second], r, origins, fmt::format("arrivals[{}]", name));
      merged.push_back(b);
    }
  }
  for (std::size_t j = 0; j < over.size(); ++j) {
    const YAML::Node o = over[j];
    const std::string name = name_of(o);
    if (!name.empty() && base_names.count(name)) continue;
    if (deletes[j])
      r.error(o,
              fmt::format("arrivals: no stream named '{}' in the base scenario to delete", name));
    else
      merged.push_back(o);
  }
  while (over.size() > 0)
    over.remove(over.size() - 1);  // from the back: O(1) each
  for (const YAML::Node& item : merged)
    over.push_back(item);
}

// Deep merge of `over` onto `base` (in place): maps key by key, a null value deletes the key,
// everything else replaces. Both were checked (bounded depth, no key given twice), so this
// recursion is bounded too. Looking a key up in a yaml-cpp map is linear in its size, so the
// base's entries are looked up in a map of them built once (a look-up per overlay key made an
// overlay of every level of a 100,000-level base quadratic); a value replaced is assigned
// through its entry (`base[key] = value` is such a look-up too). A deleted key is removed by its
// key node (yaml-cpp compares nodes by identity; removing by text converted every key before it
// to a string: 10,000 deletes took 7 s), the deletions in the base's order, after the loop; each
// is recorded in `origins`, so that a message about the missing key is placed at the overlay's
// `key: ~`.
void merge_into(YAML::Node base, const YAML::Node& over, Reader& r, Origins& origins,
                const std::string& path) {
  struct Entry {
    YAML::Node key, value;
    std::size_t index;
  };
  std::map<std::string, Entry> base_entries;
  std::size_t index = 0;
  for (auto it = base.begin(); it != base.end(); ++it)
    base_entries.emplace(it->first.Scalar(), Entry{it->first, it->second, index++});
  std::vector<const Entry*> removed;
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string key = it->first.Scalar();
    const YAML::Node value = it->second;
    const auto found = base_entries.find(key);
    YAML::Node existing =
        found == base_entries.end() ? YAML::Node(YAML::NodeType::Undefined) : found->second.value;
    if (value.IsNull()) {
      if (!existing) {
        r.error(it->first, fmt::format("{}: nothing named '{}' in the base scenario to delete",
                                       path.empty() ? "scenario" : path, key));
      } else {
        removed.push_back(&found->second);
        origins.add_deletion(base, key, it->first);
      }
    } else if (path.empty() && key == "arrivals" && existing && existing.IsSequence() &&
               value.IsSequence()) {
      merge_arrivals(existing, value, r, origins);
      base[key] = value;
    } else if (existing && existing.IsMap() && value.IsMap() && !replaced_whole(path, key, value)) {
      merge_into(existing, value, r, origins, sub(path, key));
    } else if (existing) {
      existing = value;  // the entry's value node now refers to `value`, as base[key] = value
    } else {             // a new key: the overlay's own key node, so that messages can place it
      base.force_insert(it->first, value);
    }
  }
  std::sort(removed.begin(), removed.end(),
            [](const Entry* a, const Entry* b) { return a->index < b->index; });
  for (const Entry* entry : removed)
    base.remove(entry->key);
}

// The place of the byte at `offset` in `text` (columns count bytes, as yaml-cpp's do).
SourcePos place(const std::string& text, std::size_t offset, const std::string& shown) {
  const auto at = text.begin() + static_cast<std::ptrdiff_t>(offset);
  const std::size_t line_start = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  const std::size_t column = line_start == std::string::npos ? offset + 1 : offset - line_start;
  const auto line = 1 + std::count(text.begin(), at, '\n');
  return SourcePos{static_cast<int>(line), static_cast<int>(column), shown};
}

// The problems of the raw text, refused before yaml-cpp sees it: a NUL byte (never text;
// yaml-cpp reads it as the end of a line or an escape and reports something else, somewhere
// else), more than kMaxFileBytes bytes, invalid UTF-8 (a scenario's text ends up in JSON and
// HTML outputs), and flow brackets nested past the limit (yaml-cpp holds every token of an
// unclosed `[[[[...` in memory before its own depth check: 1.2 GB for 5 MB), and more than
// kMaxNodes nodes counted in the text, with the `nodes` the files of its `extends:` chain
// read before it hold (yaml-cpp builds its whole tree first, ~350 bytes a node: 8 MiB of
// `[1,1,1,...]` took 2.9 GB and 16 s). `nodes` gains this file's count. False when reported.
bool check_text(const std::string& text, const std::string& shown, std::size_t& nodes, Reader& r) {
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    r.error(place(text, nul, shown), "NUL byte (\\0) in the scenario file: not text");
    return false;
  }
  if (text.size() > kMaxFileBytes) {
    r.error(place(text, kMaxFileBytes, shown),
            fmt::format("the scenario file is larger than {} bytes ({} MiB): not a scenario",
                        kMaxFileBytes, kMaxFileBytes >> 20));
    return false;
  }
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    r.error(place(text, bad, shown),
            fmt::format("invalid UTF-8 (byte 0x{:02X}): save the file as UTF-8",
                        static_cast<unsigned char>(text[bad])));
    return false;
  }
  if (const std::size_t deep = too_deep_bracket(text); deep != std::string::npos) {
    r.error(place(text, deep, shown),
            fmt::format("scenario: nested more than {} levels deep", kMaxNestingDepth));
    return false;
  }
  const NodeCount count = count_nodes(text, kMaxNodes - nodes);
  if (count.over != std::string::npos) {
    r.error(place(text, count.over, shown),
            fmt::format("scenario: more than {} nodes{} (keys, values and list entries, counted "
                        "in the text): not a scenario",
                        kMaxNodes, nodes == 0 ? "" : " with the files that extend this one"));
    return false;
  }
  nodes += count.nodes;
  return true;
}

// Records where each document starts, and nothing else.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++count == 2) second = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  int count = 0;
  YAML::Mark second;
};

// Where a second YAML document starts (its `---`), if `text` holds one: YAML::Load reads the
// first and ignores the rest. Only a text with `---` or `...` starting a line after the first
// can hold two, so most files are not parsed twice.
std::optional<YAML::Mark> second_document(const std::string& text) {
  if (text.find("\n---") == std::string::npos && text.find("\n...") == std::string::npos)
    return std::nullopt;
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  try {
    parser.HandleNextDocument(starts);
    parser.HandleNextDocument(starts);
  } catch (const YAML::Exception&) {  // a broken second document is still a second one
  }
  if (starts.count < 2) return std::nullopt;
  return starts.second;
}

// One file's text as a document; null (reported) on a problem check_text() finds, a syntax
// error, an empty file or a second document. `shown` is the file named in positions ("" for
// the top file).
YAML::Node parse_text(const std::string& text, const std::string& shown, std::size_t& nodes,
                      Reader& r) {
  if (!check_text(text, shown, nodes, r)) return {};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    r.error(SourcePos{e.mark.line + 1, e.mark.column + 1, shown}, "YAML syntax: " + e.msg);
    return {};
  }
  if (!root || root.IsNull()) {
    r.error(SourcePos{1, 1, shown}, "scenario: the file is empty");
    return {};
  }
  if (const std::optional<YAML::Mark> second = second_document(text)) {
    r.error(SourcePos{second->line + 1, second->column + 1, shown},
            "a scenario file holds one YAML document (this is a second one)");
    return {};
  }
  return root;
}

// The sections whose keys name things, and what one entry is called in messages.
constexpr std::pair<std::string_view, std::string_view> kNamedSections[] = {
    {"levels", "level"}, {"classes", "class"}, {"payers", "payer"}, {"staff.roles", "role"}};

// Every key of a mapping is a name or a keyword, so plain text (or null, reported where it is
// read): a sequence or mapping as a key (`? [L]`) is reported here, once for every section,
// at the key, with the path of the mapping. yaml-cpp gives such a key no text, so it was read
// as '' ("levels.: a level needs a name", "unknown key ''"), or accepted (staff.roles), or
// leaked yaml-cpp's own message without a position. The tree passed check_document() (bounded
// depth, and size with aliases expanded), so the walk is bounded too. False when reported.
bool check_key_kinds(const YAML::Node& node, const std::string& path, const std::string& shown,
                     Reader& r) {
  bool ok = true;
  if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      ok = check_key_kinds(node[i], fmt::format("{}[{}]", path, i), shown, r) && ok;
  } else if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;
      if (key.IsSequence() || key.IsMap()) {
        ok = false;
        const char* kind = key.IsSequence() ? "a sequence" : "a mapping";
        const auto named = std::find_if(std::begin(kNamedSections), std::end(kNamedSections),
                                        [&](const auto& s) { return s.first == path; });
        const YAML::Mark m = key.Mark();
        r.error(SourcePos{m.line + 1, m.column + 1, shown},
                named != std::end(kNamedSections)
                    ? fmt::format("{}: a {}'s name must be a plain text key, not {}", path,
                                  named->second, kind)
                    : fmt::format("{}: a key must be plain text, not {}",
                                  path.empty() ? "scenario" : path, kind));
        continue;
      }
      ok = check_key_kinds(it->second, sub(path, key.Scalar()), shown, r) && ok;
    }
  }
  return ok;
}

// The files of an `extends:` chain being read: the top file, the files extending the one being
// read (top first), every file read so far (top first: the inputs a command must not overwrite),
// the bytes read so far (they set the merged document's node budget) and the nodes counted in
// their text so far (all the files together hold at most kMaxNodes).
struct Chain {
  std::string top;
  std::vector<std::string> files;
  std::vector<std::string> read;
  std::size_t bytes = 0;
  std::size_t nodes = 0;
};

YAML::Node load_tree(const std::string& text, const std::string& path, Reader& r, Origins& origins,
                     Chain& chain);

// The base file named by `ext` (relative to the file `path`), loaded with its own chain; null
// (reported) when it cannot be read or closes a cycle.
YAML::Node load_base(const YAML::Node& ext, const std::string& path, Reader& r, Origins& origins,
                     Chain& chain) {
  if (!ext.IsScalar() || ext.Scalar().empty()) {
    r.error(ext, "extends: expected the path of the base scenario");
    return {};
  }
  // A YAML escape ("\0") can put a NUL in the path: the file system would cut the path there
  // and open another file.
  if (ext.Scalar().find('\0') != std::string::npos) {
    r.error(ext,
            "extends: the path holds a NUL character (\\0), which no file name can hold; the "
            "path would be cut there and name another file");
    return {};
  }
  const std::string base_path =
      (std::filesystem::path(path).parent_path() / ext.Scalar()).lexically_normal().string();
  std::vector<std::string>& files = chain.files;
  files.push_back(path);
  if (std::find(files.begin(), files.end(), base_path) != files.end()) {
    r.error(ext, fmt::format("extends: '{}' extends itself through {}", base_path, join(files)));
    return {};
  }
  if (static_cast<int>(files.size()) > kMaxExtendsDepth) {
    r.error(ext, fmt::format("extends: more than {} levels of extends", kMaxExtendsDepth));
    return {};
  }
  std::string base_text;
  switch (read_text_file(base_path, base_text)) {
    case ReadStatus::kCannotOpen:
      r.error(ext, fmt::format("extends: cannot open the base scenario '{}'", base_path));
      return {};
    case ReadStatus::kDirectory:
      r.error(ext, fmt::format("extends: '{}' is a directory, not a scenario file", base_path));
      return {};
    case ReadStatus::kPipeSilent:
      r.error(ext, fmt::format("extends: '{}' {}, not a scenario file", base_path,
                               pipe_silent_reason()));
      return {};
    case ReadStatus::kOk:
      break;
  }
  chain.read.push_back(base_path);
  YAML::Node base = load_tree(base_text, base_path, r, origins, chain);
  files.pop_back();
  return base;
}

// Parses one file's text, checks its limits and keys, follows `extends:` and merges this file
// onto its base.
YAML::Node load_tree(const std::string& text, const std::string& path, Reader& r, Origins& origins,
                     Chain& chain) {
  const std::string shown = path == chain.top ? "" : path;
  YAML::Node root = parse_text(text, shown, chain.nodes, r);
  if (root.IsNull()) return root;  // reported
  chain.bytes += text.size();
  if (!check_document(root, node_budget(text.size()), true, shown, r)) return {};
  if (!check_key_kinds(root, "", shown, r)) return {};
  origins.add_tree(root, path);
  if (!root.IsMap() || !root["extends"]) return root;
  YAML::Node base = load_base(root["extends"], path, r, origins, chain);
  if (!base.IsMap()) return base;  // null (reported), or reported when read
  root.remove("extends");
  merge_into(base, root, r, origins, "");
  return base;
}

}  // namespace

int pipe_wait_milliseconds() {
  const char* text = std::getenv("CONTINUUM_PIPE_WAIT_MS");
  int ms = 0;
  if (text == nullptr || *text == '\0') return kPipeWaitMilliseconds;
  const char* end = text + std::strlen(text);
  const auto [stop, ec] = std::from_chars(text, end, ms);
  return ec == std::errc() && stop == end && ms >= 0 ? ms : kPipeWaitMilliseconds;
}

std::string pipe_silent_reason() {
  return fmt::format("is a FIFO (named pipe) that nothing was written to for {:g} s",
                     pipe_wait_milliseconds() / 1000.0);
}

ReadStatus read_text_file(const std::string& path, std::string& text) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return ReadStatus::kDirectory;
  // Opened without blocking: opening a FIFO for reading blocks until a writer opens it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return ReadStatus::kCannotOpen;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat status {};
  if (::fstat(fd, &status) != 0) return ReadStatus::kCannotOpen;
  if (S_ISDIR(status.st_mode)) return ReadStatus::kDirectory;
  const bool fifo = S_ISFIFO(status.st_mode);
  if (!fifo) {  // a regular file or a device is read as before, blocking
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) return ReadStatus::kCannotOpen;
  }
  const int wait_ms = fifo ? pipe_wait_milliseconds() : 0;
  text.clear();
  constexpr std::size_t kChunk = 64 * 1024;
  char chunk[kChunk];
  while (text.size() <= kMaxFileBytes) {
    if (fifo) {  // data, or the writer's close (POLLHUP), within the wait; else refused
      pollfd ready{fd, POLLIN, 0};
      const int n = ::poll(&ready, 1, wait_ms);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ReadStatus::kCannotOpen;
      if (n == 0) return ReadStatus::kPipeSilent;
    }
    const ssize_t got = ::read(fd, chunk, std::min(kChunk, kMaxFileBytes + 1 - text.size()));
    if (got < 0 && (errno == EINTR || (fifo && errno == EAGAIN))) continue;
    if (got < 0) return ReadStatus::kCannotOpen;
    if (got == 0) break;  // the end of the file, or the writer closed the FIFO
    const auto size = static_cast<std::size_t>(got);
    text.append(chunk, size);
    if (std::memchr(chunk, '\0', size) != nullptr) break;
  }
  return ReadStatus::kOk;
}

YAML::Node load_document(const std::string& text, const std::string& path, Reader& r,
                         Origins& origins, std::vector<std::string>* files) {
  Chain chain{path, {}, {path}, 0, 0};
  YAML::Node root = load_tree(text, path, r, origins, chain);
  if (files) *files = chain.read;
  // Merging can repeat a base's anchored node that an overlay grew: the merged whole is checked
  // too, against the budget of all the files' bytes.
  if (root && !root.IsNull() && chain.bytes > text.size() &&
      !check_document(root, node_budget(chain.bytes), false, std::nullopt, r))
    return {};
  return root;
}

}  // namespace continuum::config
