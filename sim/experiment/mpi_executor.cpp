// The MPI executor (mpi_executor.hpp) on the plain MPI C API: byte messages between rank 0 and
// the others, only the main thread of each rank calling MPI (MPI_THREAD_FUNNELED), worker
// threads simulating. Protocol, per plan:
//   rank r -> 0  kRequest  (int: threads idle)        0 -> r  kAssign  (item indices; none: done)
//   rank r -> 0  kResult   (item index, result bytes)  rank r -> 0  kFailure (item index, message)
// then one broadcast from rank 0 of every result without daily series and trace. Built only with
// CMake option CONTINUUM_MPI (mpi_launch.cpp has mpi_built and mpi_launched). MPI itself is
// reached through the table of mpi_api.hpp, filled in by libcontinuum_mpi.so, which the session
// loads (dlopen, core/module.hpp) from the directory of the executable: without an MPI launcher
// nothing of Open MPI is mapped.
#include "continuum/experiment/mpi_executor.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "continuum/core/module.hpp"
#include "continuum/engine/engine.hpp"
#include "continuum/model/model.hpp"
#include "continuum/stats/result_codec.hpp"
#include "mpi_api.hpp"

namespace continuum {

namespace {

enum Tag : int { kRequest = 1, kAssign = 2, kResult = 3, kFailure = 4 };

// --- Crash reports -------------------------------------------------------------------------
// Each worker thread writes what it is simulating into its slot before each replication; the
// signal handler writes the slot of the thread that crashed (write(2) only: async-signal-safe).
constexpr int kSlots = 1024;
constexpr std::size_t kSlotBytes = 256;
char g_doing[kSlots][kSlotBytes];
thread_local int t_slot = -1;
int g_rank = 0;
char g_rank_line[96];  // "continuum: error: rank R crashed" without a job

void write_all(const char* text, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(STDERR_FILENO, text, n);
    if (w <= 0) return;
    text += w;
    n -= static_cast<std::size_t>(w);
  }
}

extern "C" void on_crash(int sig) {
  const char* what = (t_slot >= 0 && g_doing[t_slot][0]) ? g_doing[t_slot] : g_rank_line;
  write_all(what, std::strlen(what));
  const char* name = sig == SIGSEGV  ? " (segmentation fault)\n"
                     : sig == SIGBUS ? " (bus error)\n"
                     : sig == SIGFPE ? " (floating-point exception)\n"
                     : sig == SIGILL ? " (illegal instruction)\n"
                                     : " (aborted)\n";
  write_all(name, std::strlen(name));
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_crash_report(int rank) {
  g_rank = rank;
  std::snprintf(g_rank_line, sizeof g_rank_line, "continuum: error: rank %d crashed", rank);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
    std::signal(sig, on_crash);
}

// What a thread simulates, for messages: variant index and name, replication.
std::string job_text(const Plan& plan, std::size_t variant, int replication) {
  return fmt::format("variant {} ('{}'), replication {}", variant, plan.variants[variant].name,
                     replication);
}

void set_doing(const std::string& text) {
  if (t_slot < 0) return;
  std::snprintf(g_doing[t_slot], kSlotBytes,
                "continuum: error: rank %d crashed while simulating %s", g_rank, text.c_str());
}
void clear_doing() {
  if (t_slot >= 0) g_doing[t_slot][0] = '\0';
}

}  // namespace

// --- Test hook -----------------------------------------------------------------------------
// Outside the anonymous namespace: MpiExecutor::State, which has external linkage, holds one.
struct MpiFailHook {
  int rank = -1;
  bool crash = false;  // std::abort() rather than throw
};

namespace {
MpiFailHook read_fail_hook() {
  MpiFailHook hook;
  const char* text = std::getenv("CONTINUUM_MPI_TEST_FAIL");
  if (!text) return hook;
  const std::string s = text;
  const auto colon = s.find(':');
  if (colon == std::string::npos) return hook;
  hook.rank = std::atoi(s.substr(0, colon).c_str());
  hook.crash = s.substr(colon + 1) == "abort";
  return hook;
}

// --- Plan items ----------------------------------------------------------------------------
struct Item {
  std::size_t job;
  int replication;
};

// Every (job, replication) of the plan in plan order, as ThreadExecutor takes them.
std::vector<Item> plan_items(const Plan& plan) {
  std::vector<Item> items;
  for (std::size_t j = 0; j < plan.jobs.size(); ++j)
    for (int r = plan.jobs[j].first; r < plan.jobs[j].last; ++r)
      items.push_back({j, r});
  return items;
}

// A hash of what the plan simulates: equal on every rank unless their inputs differ.
std::uint64_t plan_fingerprint(const Plan& plan) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i)
      h = (h ^ p[i]) * 1099511628211ull;
  };
  auto mix_value = [&mix](auto v) { mix(&v, sizeof v); };
  mix_value(plan.variants.size());
  for (const Scenario& s : plan.variants) {
    mix(s.name.data(), s.name.size());
    mix_value(s.horizon_days);
    mix_value(s.warmup_days);
    mix_value(s.levels.size());
    for (const LevelSpec& level : s.levels)
      mix_value(level.capacity);
    mix_value(s.arrivals.size());
    for (const ArrivalSpec& a : s.arrivals)
      mix_value(a.rate_per_day);
  }
  for (const Job& job : plan.jobs) {
    mix_value(job.variant);
    mix_value(job.first);
    mix_value(job.last);
    mix_value(job.seed);
    mix_value(job.recording.daily);
    mix_value(job.recording.trace);
    for (const DailyWatch& w : job.recording.watches) {
      mix_value(w.level);
      mix_value(w.series);
      mix_value(w.op);
      mix_value(w.threshold);
    }
  }
  return h;
}

// The cores this process may run on (its affinity mask: mpirun binds each rank to one core by
// default when there are at most two ranks, to a socket otherwise; srun to --cpus-per-task).
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Sleeps between polls: short while messages flow, up to 1 ms when idle (Open MPI's blocking
// calls spin, which would take a core from the simulating threads).
class Backoff {
 public:
  void reset() { us_ = 20; }
  void wait() {
    std::this_thread::sleep_for(std::chrono::microseconds(us_));
    us_ = std::min(us_ * 2, 1000);
  }

 private:
  int us_ = 20;
};

// The MPI calls, from libcontinuum_mpi.so: set once by the process's one MpiSession.
const ContinuumMpiApi* g_mpi = nullptr;

// libcontinuum_mpi.so's table (core/module.hpp finds the module).
const ContinuumMpiApi* load_mpi_api() {
  using Entry = const ContinuumMpiApi* (*)();
  auto entry = reinterpret_cast<Entry>(module_symbol(kContinuumMpiModule, "continuum_mpi_api"));
  const ContinuumMpiApi* api = entry();
  if (!api || api->version != kContinuumMpiApiVersion)
    throw std::runtime_error(fmt::format(
        "the MPI module {} does not match this continuum executable", kContinuumMpiModule));
  return api;
}

// A message from `source` with `tag` (-1: any), whole; `found` says whose and which.
std::string receive_bytes(int source, int tag, ContinuumMpiProbe& found) {
  g_mpi->probe(source, tag, &found);
  std::string bytes(static_cast<std::size_t>(found.bytes), '\0');
  g_mpi->recv(bytes.data(), found.bytes, found.source, found.tag);
  return bytes;
}

void send_bytes(const std::string& bytes, int dest, int tag) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::runtime_error("a replication result over 2 GiB cannot be sent between ranks");
  g_mpi->send(bytes.data(), static_cast<int>(bytes.size()), dest, tag);
}

// Broadcasts `bytes` from rank 0 (in pieces of at most 1 GiB).
void broadcast(std::string& bytes) {
  auto size = static_cast<std::uint64_t>(bytes.size());
  g_mpi->bcast(&size, sizeof size, 0);
  bytes.resize(static_cast<std::size_t>(size));
  constexpr std::size_t kPiece = std::size_t{1} << 30;
  for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
    const auto n = static_cast<int>(std::min(kPiece, bytes.size() - at));
    g_mpi->bcast(bytes.data() + at, n, 0);
  }
}

std::string item_header(std::int64_t item) {
  std::string bytes(sizeof item, '\0');
  std::memcpy(bytes.data(), &item, sizeof item);
  return bytes;
}
std::int64_t read_item_header(const std::string& bytes) {
  std::int64_t item = -1;
  if (bytes.size() >= sizeof item) std::memcpy(&item, bytes.data(), sizeof item);
  return item;
}

// A rank's pool of simulating threads: they take items from `queue` (filled by the rank's main
// thread), each keeping one Engine per job it works on, and leave results in `done`.
class Pool {
 public:
  struct Finished {
    int item;
    ReplicationResult result;
    std::string error;  // non-empty: the replication threw this
  };

  Pool(const Plan& plan, const std::vector<Item>& items, const std::vector<Model>& models,
       int threads, int rank, MpiFailHook hook)
      : plan_(plan), items_(items), models_(models), rank_(rank), hook_(hook) {
    for (int t = 0; t < threads; ++t)
      threads_.emplace_back([this, t] {
        t_slot = std::min(t, kSlots - 1);  // one pool at a time: slots by thread index
        work();
      });
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_)
      t.join();
  }

  void add(const std::vector<int>& items) {
    {
      std::lock_guard lock(mutex_);
      queue_.insert(queue_.end(), items.begin(), items.end());
    }
    ready_.notify_all();
  }
  // Threads neither simulating nor with an item queued for them.
  int idle() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(threads_.size()) - busy_ - static_cast<int>(queue_.size());
  }
  bool quiet() {
    std::lock_guard lock(mutex_);
    return busy_ == 0 && queue_.empty() && done_.empty();
  }
  std::vector<Finished> take_done() {
    std::lock_guard lock(mutex_);
    return std::exchange(done_, {});
  }
  // Rank 0: the threads take items from here too, through `take` (returns -1 when none left).
  void set_source(std::function<int()> take) {
    {
      std::lock_guard lock(mutex_);
      take_ = std::move(take);
    }
    ready_.notify_all();
  }

 private:
  void work() {
    std::optional<Engine> engine;
    std::size_t engine_job = plan_.jobs.size();
    TraceBuffer trace;
    bool first = true;
    for (;;) {
      int i = -1;
      {
        std::unique_lock lock(mutex_);
        for (;;) {
          if (stop_ || failed_) return;
          if (!queue_.empty()) {
            i = queue_.front();
            queue_.pop_front();
            break;
          }
          if (take_) {
            i = take_();
            if (i >= 0) break;
          }
          ready_.wait(lock);
        }
        ++busy_;
      }
      const auto [j, r] = items_[static_cast<std::size_t>(i)];
      const Job& job = plan_.jobs[j];
      Finished f{i, {}, {}};
      set_doing(job_text(plan_, job.variant, r));
      try {
        if (first && hook_.rank == rank_) {
          if (hook_.crash) std::abort();
          throw std::runtime_error("test failure (CONTINUUM_MPI_TEST_FAIL)");
        }
        first = false;
        if (engine_job != j) {
          engine.emplace(models_[job.variant],
                         EngineOptions{job.recording.daily, job.recording.watches});
          engine->set_trace(job.recording.trace ? &trace : nullptr);
          engine_job = j;
        }
        f.result = engine->run(static_cast<std::uint32_t>(r), job.seed);
        if (job.recording.trace) f.result.trace = std::move(trace.records);
        trace.records.clear();
      } catch (const std::bad_alloc&) {
        f.error = "out of memory";
      } catch (const std::exception& e) {
        f.error = e.what();
        if (f.error.empty()) f.error = "unknown error";
      } catch (...) {
        f.error = "unknown error";
      }
      clear_doing();
      std::lock_guard lock(mutex_);
      --busy_;
      if (!f.error.empty()) failed_ = true;
      done_.push_back(std::move(f));
    }
  }

  const Plan& plan_;
  const std::vector<Item>& items_;
  const std::vector<Model>& models_;
  const int rank_;
  const MpiFailHook hook_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int> queue_;
  std::function<int()> take_;
  std::vector<Finished> done_;
  int busy_ = 0;
  bool stop_ = false;
  bool failed_ = false;  // a replication threw: take nothing more
  std::vector<std::thread> threads_;
};

std::string failure_message(const Plan& plan, const std::vector<Item>& items, int rank, int item,
                            const std::string& error) {
  const Item& it = items[static_cast<std::size_t>(item)];
  return fmt::format("rank {} failed simulating {}: {}", rank,
                     job_text(plan, plan.jobs[it.job].variant, it.replication), error);
}

}  // namespace

// --- Session -------------------------------------------------------------------------------

MpiSession::MpiSession(int& argc, char**& argv) {
  if (g_mpi) throw std::logic_error("one MpiSession per process");
  const ContinuumMpiApi* api = load_mpi_api();
  if (api->init(&argc, &argv, &rank_, &size_) != 0)
    throw std::runtime_error("the MPI library does not support threads (MPI_THREAD_FUNNELED)");
  g_mpi = api;
  install_crash_report(rank_);
}

MpiSession::~MpiSession() {
  g_mpi->finalize();
}

void MpiSession::abort(int status) {
  std::fflush(stdout);
  std::fflush(stderr);
  g_mpi->abort(status);
  std::_Exit(status);  // not reached
}

// --- Executor ------------------------------------------------------------------------------

struct MpiExecutor::State {
  MpiFailHook hook = read_fail_hook();
};

MpiExecutor::MpiExecutor(MpiSession& session, int threads, std::function<void(int, int)> progress)
    : session_(session),
      threads_(threads),
      progress_(std::move(progress)),
      state_(std::make_unique<State>()) {}

MpiExecutor::~MpiExecutor() = default;

PlanResults MpiExecutor::run(const Plan& plan) {
  const int rank = session_.rank();
  const int ranks = session_.size();
  const std::uint64_t mine = plan_fingerprint(plan);
  const std::uint64_t low = g_mpi->allreduce_u64(mine, 0);
  const std::uint64_t high = g_mpi->allreduce_u64(mine, 1);
  if (low != high)
    throw std::runtime_error(
        fmt::format("rank {}: the ranks built different plans; every rank must read the same "
                    "scenario files and command line",
                    rank));

  const std::vector<Item> items = plan_items(plan);
  const int total = static_cast<int>(items.size());
  std::vector<Model> models;
  for (const Scenario& variant : plan.variants)
    models.push_back(compile(variant));
  PlanResults results(plan.variants.size());
  for (std::size_t v = 0; v < plan.variants.size(); ++v)
    results[v].resize(static_cast<std::size_t>(plan.replications(v)));
  auto variant_of = [&](int item) {
    return plan.jobs[items[static_cast<std::size_t>(item)].job].variant;
  };
  auto replication_of = [&](int item) { return items[static_cast<std::size_t>(item)].replication; };
  auto slot = [&](int item) -> ReplicationResult& {
    const Item& it = items[static_cast<std::size_t>(item)];
    return results[plan.jobs[it.job].variant][static_cast<std::size_t>(it.replication)];
  };
  const int cores = usable_cores();
  const int threads = std::max(1, threads_ > 0 ? threads_ : cores);
  if (threads > cores && !warned_) {
    warned_ = true;  // printed by rank 0 only (std::cerr is silenced elsewhere)
    std::cerr << fmt::format(
        "continuum: warning: rank {} may run on {} core{} but has {} threads: its threads share "
        "them (the launcher bound the rank; use mpirun --bind-to none, or srun --cpus-per-task)\n",
        rank, cores, cores == 1 ? "" : "s", threads);
  }
  Backoff backoff;

  if (rank == 0) {
    std::mutex next_mutex;
    int next = 0;
    auto take = [&](int n) {
      std::lock_guard lock(next_mutex);
      std::vector<int> taken;
      for (; n > 0 && next < total; --n)
        taken.push_back(next++);
      return taken;
    };
    auto pool = std::make_unique<Pool>(plan, items, models, std::min(threads, std::max(1, total)),
                                       rank, state_->hook);
    pool->set_source([&]() -> int {
      const auto t = take(1);
      return t.empty() ? -1 : t.front();
    });
    int done = 0;
    std::vector<int> per_rank(static_cast<std::size_t>(ranks), 0);  // replications simulated
    std::uint64_t gathered = 0;                                     // result bytes received
    std::vector<bool> told_done(static_cast<std::size_t>(ranks), false);
    told_done[0] = true;
    auto all_told = [&] {
      return std::all_of(told_done.begin(), told_done.end(), [](bool b) { return b; });
    };
    std::string failure;
    while (failure.empty() && (done < total || !all_told())) {
      bool busy = false;
      for (auto& f : pool->take_done()) {
        busy = true;
        if (!f.error.empty()) {
          failure = failure_message(plan, items, 0, f.item, f.error);
          break;
        }
        if (finished) finished(variant_of(f.item), replication_of(f.item), f.result);
        slot(f.item) = std::move(f.result);
        ++per_rank[0];
        if (progress_) progress_(done + 1, total);
        ++done;
      }
      ContinuumMpiProbe status{};
      const int flag = g_mpi->iprobe(-1, -1, &status);
      if (flag && failure.empty()) {
        busy = true;
        const int source = status.source;
        if (status.tag == kRequest) {
          int idle = 0;
          g_mpi->recv(&idle, sizeof idle, source, kRequest);
          const std::vector<int> given = take(std::max(1, idle));
          if (given.empty()) told_done[static_cast<std::size_t>(source)] = true;
          g_mpi->send(given.data(), static_cast<int>(given.size() * sizeof(int)), source, kAssign);
        } else {
          const std::string bytes = receive_bytes(source, status.tag, status);
          const std::int64_t item = read_item_header(bytes);
          if (item < 0 || item >= total)
            throw std::runtime_error(fmt::format("rank {} sent a malformed message", source));
          if (status.tag == kFailure) {
            failure = failure_message(plan, items, source, static_cast<int>(item),
                                      bytes.substr(sizeof item));
          } else {
            std::size_t pos = sizeof item;
            ReplicationResult result = decode_result(bytes, pos);
            if (finished)
              finished(variant_of(static_cast<int>(item)), replication_of(static_cast<int>(item)),
                       result);
            slot(static_cast<int>(item)) = std::move(result);
            ++per_rank[static_cast<std::size_t>(source)];
            gathered += bytes.size();
            if (progress_) progress_(done + 1, total);
            ++done;
          }
        }
      }
      if (busy)
        backoff.reset();
      else
        backoff.wait();
    }
    // On a failure the pool's threads finish the replication they are simulating (joined as
    // `pool` goes); the caller then ends the job (MpiSession::abort).
    if (!failure.empty()) throw std::runtime_error(failure);
    pool.reset();
    std::string bytes;
    for (const auto& variant : results)
      for (const ReplicationResult& r : variant) {
        ReplicationResult lean;  // the counters only: the others write nothing
        lean.window_days = r.window_days;
        lean.levels = r.levels;
        lean.system = r.system;
        lean.class_levels = r.class_levels;
        lean.class_system = r.class_system;
        lean.events = r.events;
        lean.balance = r.balance;
        encode_result(lean, bytes);
      }
    if (ranks > 1) broadcast(bytes);
    if (const char* report = std::getenv("CONTINUUM_MPI_REPORT"); report && *report) {
      std::string text =
          fmt::format("continuum: mpi: {} replications of {} variants on {} ranks:", total,
                      plan.variants.size(), ranks);
      for (int k = 0; k < ranks; ++k)
        text += fmt::format(" rank {} {}{}", k, per_rank[static_cast<std::size_t>(k)],
                            k + 1 < ranks ? "," : ";");
      const int remote = total - per_rank[0];
      text += fmt::format(" gathered {} bytes ({} per replication), broadcast {} bytes\n", gathered,
                          remote > 0 ? gathered / static_cast<unsigned>(remote) : 0, bytes.size());
      std::fputs(text.c_str(), stderr);
    }
    return results;
  }

  // Ranks other than 0: ask for items while threads are idle, send back results.
  {
    Pool pool(plan, items, models, threads, rank, state_->hook);
    bool asked = false, finished = false;
    for (;;) {
      bool busy = false;
      for (auto& f : pool.take_done()) {
        busy = true;
        if (!f.error.empty()) {
          send_bytes(item_header(f.item) + f.error, 0, kFailure);
          // Rank 0 ends the job (MPI_Abort); should it not, end this rank after a while.
          for (int s = 0; s < 600; ++s) {
            g_mpi->iprobe(0, -1, nullptr);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          }
          throw std::runtime_error(failure_message(plan, items, rank, f.item, f.error));
        }
        std::string bytes = item_header(f.item);
        encode_result(f.result, bytes);
        send_bytes(bytes, 0, kResult);
      }
      if (!asked && !finished) {
        const int idle = pool.idle();
        if (idle > 0) {
          g_mpi->send(&idle, sizeof idle, 0, kRequest);
          asked = true;
        }
      }
      if (asked) {
        ContinuumMpiProbe status{};
        if (g_mpi->iprobe(0, kAssign, &status)) {
          busy = true;
          std::vector<int> given(static_cast<std::size_t>(status.bytes) / sizeof(int));
          g_mpi->recv(given.data(), status.bytes, 0, kAssign);
          asked = false;
          if (given.empty())
            finished = true;
          else
            pool.add(given);
        }
      }
      if (finished && pool.quiet()) break;
      if (busy)
        backoff.reset();
      else
        backoff.wait();
    }
  }
  std::string bytes;
  broadcast(bytes);
  std::size_t pos = 0;
  for (auto& variant : results)
    for (ReplicationResult& r : variant)
      r = decode_result(bytes, pos);
  return results;
}

}  // namespace continuum
