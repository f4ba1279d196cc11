// ReplicationResult as bytes: fixed-size fields copied as they are in memory, vectors with their
// length first.
#include "continuum/stats/result_codec.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace continuum {

// A field added to one of these structs must be added to the codec too: these sizes fail to
// compile until it is (then update them with the codec and its round-trip test).
static_assert(sizeof(LevelTallies) == 272, "LevelTallies changed: update result_codec.cpp");
static_assert(sizeof(SystemCounters) == 40, "SystemCounters changed: update result_codec.cpp");
static_assert(sizeof(PatientBalance) == 48, "PatientBalance changed: update result_codec.cpp");
static_assert(sizeof(TraceRecord) == 32, "TraceRecord changed: update result_codec.cpp");
static_assert(sizeof(WindowCounters) == 72, "WindowCounters changed: update result_codec.cpp");
static_assert(sizeof(ClassLevelCounters) == 312,
              "ClassLevelCounters changed: update result_codec.cpp");
static_assert(sizeof(InterimTallies) == 6 * sizeof(double),
              "InterimTallies changed: update result_codec.cpp");
static_assert(sizeof(ComplianceTallies) == 8 * sizeof(double),
              "ComplianceTallies changed: update result_codec.cpp");
static_assert(sizeof(ReplicationResult) == 464,
              "ReplicationResult changed: update result_codec.cpp");

namespace {

constexpr std::uint32_t kMagic = 0x52455033;  // "REP3": levels as tallies, p90s, authorization

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <class T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  // A vector of structs of doubles only (InterimTallies, ComplianceTallies).
  template <class T>
  void doubles(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % sizeof(double) == 0);
    put<std::uint64_t>(v.size());
    if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_arithmetic_v<T>);
    put<std::uint64_t>(v.size());
    if (!v.empty()) out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::size_t& pos) : bytes_(bytes), pos_(pos) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  // A length, checked against the bytes left (each element taking at least `min_bytes`).
  std::size_t length(std::size_t min_bytes) {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - pos_) / min_bytes)
      throw std::runtime_error("replication result: truncated");
    return static_cast<std::size_t>(n);
  }
  template <class T>
  void doubles(std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) % sizeof(double) == 0);
    array(v);
  }
  template <class T>
  void array(std::vector<T>& v) {
    v.resize(length(sizeof(T)));
    if (v.empty()) return;  // (memcpy from or to a null pointer is undefined, even of 0 bytes)
    std::memcpy(v.data(), bytes_.data() + pos_, v.size() * sizeof(T));
    pos_ += v.size() * sizeof(T);
  }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() - pos_ < n) throw std::runtime_error("replication result: truncated");
  }
  std::string_view bytes_;
  std::size_t& pos_;
};

void put_tallies(Writer& w, const LevelTallies& t) {
  for (std::int64_t v :
       {t.referrals, t.admissions, t.completions, t.dropouts, t.abandonments, t.turned_away})
    w.put(v);
  for (double v : {t.census_area, t.waitlist_area, t.capacity_area, t.wait_sum, t.abandon_wait_sum,
                   t.slot_days_sum})
    w.put(v);
  for (std::int64_t v :
       {t.slot_releases, t.in_care_at_end, t.waiting_at_end, t.routed_on_14, t.routed_on_30,
        t.linked_14, t.linked_30, t.left_care_30, t.left_care_90, t.readmitted_30, t.readmitted_90})
    w.put(v);
  for (std::int64_t v : t.prior_episodes)
    w.put(v);
  for (std::int64_t v : {t.sessions_held, t.session_places, t.sessions_attended, t.session_groups,
                         t.no_show_discharges})
    w.put(v);
}

void get_tallies(Reader& r, LevelTallies& t) {
  for (std::int64_t* v :
       {&t.referrals, &t.admissions, &t.completions, &t.dropouts, &t.abandonments, &t.turned_away})
    *v = r.get<std::int64_t>();
  for (double* v : {&t.census_area, &t.waitlist_area, &t.capacity_area, &t.wait_sum,
                    &t.abandon_wait_sum, &t.slot_days_sum})
    *v = r.get<double>();
  for (std::int64_t* v : {&t.slot_releases, &t.in_care_at_end, &t.waiting_at_end, &t.routed_on_14,
                          &t.routed_on_30, &t.linked_14, &t.linked_30, &t.left_care_30,
                          &t.left_care_90, &t.readmitted_30, &t.readmitted_90})
    *v = r.get<std::int64_t>();
  for (std::int64_t& v : t.prior_episodes)
    v = r.get<std::int64_t>();
  for (std::int64_t* v : {&t.sessions_held, &t.session_places, &t.sessions_attended,
                          &t.session_groups, &t.no_show_discharges})
    *v = r.get<std::int64_t>();
}

void put_system(Writer& w, const SystemCounters& s) {
  w.put(s.arrivals);
  w.put(s.relapses);
  w.put(s.lost_to_care);
  w.put(s.first_admissions);
  w.put(s.first_admission_days_sum);
}

SystemCounters get_system(Reader& r) {
  SystemCounters s;
  s.arrivals = r.get<std::int64_t>();
  s.relapses = r.get<std::int64_t>();
  s.lost_to_care = r.get<std::int64_t>();
  s.first_admissions = r.get<std::int64_t>();
  s.first_admission_days_sum = r.get<double>();
  return s;
}

void put_class_level(Writer& w, const ClassLevelCounters& c) {
  put_tallies(w, c);
  w.put(c.p90_wait_days);
  w.put(c.p90_queue_time_days);
  w.put(c.reviews);
  w.put(c.denials);
  w.put(c.denied_days);
}

void get_class_level(Reader& r, ClassLevelCounters& c) {
  get_tallies(r, c);
  c.p90_wait_days = r.get<double>();
  c.p90_queue_time_days = r.get<double>();
  c.reviews = r.get<std::int64_t>();
  c.denials = r.get<std::int64_t>();
  c.denied_days = r.get<double>();
}

}  // namespace

void encode_result(const ReplicationResult& r, std::string& out) {
  Writer w(out);
  w.put(kMagic);
  w.put(r.window_days);
  w.put<std::uint64_t>(r.levels.size());
  for (const LevelResult& level : r.levels)
    put_class_level(w, level);
  put_system(w, r.system);
  w.put<std::uint64_t>(r.class_levels.size());
  for (const ClassLevelCounters& c : r.class_levels)
    put_class_level(w, c);
  w.put<std::uint64_t>(r.class_system.size());
  for (const SystemCounters& s : r.class_system)
    put_system(w, s);
  w.put<std::uint64_t>(r.windows.size());
  for (const WindowCounters& win : r.windows) {
    w.put(win.days);
    w.put<std::uint64_t>(win.levels.size());
    for (const ClassLevelCounters& c : win.levels)
      put_class_level(w, c);
    put_system(w, win.system);
  }
  w.array(r.daily_census);
  w.array(r.daily_waitlist);
  w.array(r.daily_class_levels);
  w.array(r.daily_class_census);
  w.array(r.watch_first_day);
  w.array(r.exit_counts);
  w.array(r.payer_days);
  w.array(r.drug_testing);
  w.put(r.events);
  w.put<std::uint64_t>(r.trace.size());
  for (const TraceRecord& t : r.trace) {
    w.put(t.time);
    w.put(t.event);
    w.put(t.patient);
    w.put(t.level);
    w.put(t.other);
    w.put(t.value);
  }
  const PatientBalance& b = r.balance;
  for (std::int64_t v : {b.referred, b.in_care, b.waiting, b.held, b.community, b.left})
    w.put(v);
  w.doubles(r.interim);
  w.doubles(r.compliance);
}

ReplicationResult decode_result(std::string_view bytes, std::size_t& pos) {
  Reader rd(bytes, pos);
  if (rd.get<std::uint32_t>() != kMagic)
    throw std::runtime_error("replication result: not a result (bad magic number)");
  ReplicationResult r;
  r.window_days = rd.get<double>();
  r.levels.resize(rd.length(sizeof(LevelTallies)));
  for (LevelResult& level : r.levels)
    get_class_level(rd, level);
  r.system = get_system(rd);
  r.class_levels.resize(rd.length(sizeof(ClassLevelCounters)));
  for (ClassLevelCounters& c : r.class_levels)
    get_class_level(rd, c);
  r.class_system.resize(rd.length(sizeof(SystemCounters)));
  for (SystemCounters& s : r.class_system)
    s = get_system(rd);
  r.windows.resize(rd.length(sizeof(double) + 2 * sizeof(std::uint64_t)));
  for (WindowCounters& win : r.windows) {
    win.days = rd.get<double>();
    win.levels.resize(rd.length(sizeof(LevelTallies)));
    for (ClassLevelCounters& c : win.levels)
      get_class_level(rd, c);
    win.system = get_system(rd);
  }
  rd.array(r.daily_census);
  rd.array(r.daily_waitlist);
  rd.array(r.daily_class_levels);
  rd.array(r.daily_class_census);
  rd.array(r.watch_first_day);
  rd.array(r.exit_counts);
  rd.array(r.payer_days);
  rd.array(r.drug_testing);
  r.events = rd.get<std::uint64_t>();
  r.trace.resize(rd.length(29));
  for (TraceRecord& t : r.trace) {
    t.time = rd.get<double>();
    t.event = rd.get<TraceEvent>();
    t.patient = rd.get<std::uint32_t>();
    t.level = rd.get<std::int32_t>();
    t.other = rd.get<std::int32_t>();
    t.value = rd.get<double>();
  }
  PatientBalance& b = r.balance;
  for (std::int64_t* v : {&b.referred, &b.in_care, &b.waiting, &b.held, &b.community, &b.left})
    *v = rd.get<std::int64_t>();
  rd.doubles(r.interim);
  rd.doubles(r.compliance);
  return r;
}

}  // namespace continuum
