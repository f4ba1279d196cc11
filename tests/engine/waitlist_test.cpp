// The engine's containers: the waitlist ring buffer (FIFO order across growth and wrap-around),
// the huge-page allocator of the patient records, and prefaulting (core/prefault.hpp).
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

#include "continuum/core/huge_pages.hpp"
#include "continuum/core/prefault.hpp"
#include "continuum/engine/patient_pool.hpp"
#include "continuum/engine/waitlist.hpp"

namespace continuum {
namespace {

TEST(Waitlist, FifoAcrossGrowthAndWrapAround) {
  Waitlist w;
  std::deque<std::uint32_t> model;
  std::uint32_t next = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 37; ++i) {
      w.push({next, next * 3});
      model.push_back(next++);
    }
    for (int i = 0; i < 29; ++i) {
      const auto e = w.pop();
      ASSERT_EQ(e.patient, model.front());
      ASSERT_EQ(e.token, model.front() * 3);
      model.pop_front();
    }
    ASSERT_EQ(w.size(), model.size());
  }
  w.clear();
  EXPECT_TRUE(w.empty());
}

// AddressSanitizer's shadow memory (a byte per 8 of the program's) takes faults of its own the
// first time a range is written: a page of shadow per 32 KiB written.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kShadowPagePer = 8 * 4096;
#else
constexpr long kShadowPagePer = 0;
#endif
long shadow_pages(std::size_t bytes) {
  return kShadowPagePer == 0 ? 0 : static_cast<long>(bytes) / kShadowPagePer;
}

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Fresh anonymous memory of `bytes`, in small pages (so that a fill faults once per 4 KiB
// whatever the machine's transparent huge page mode).
void* fresh_small_pages(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
#ifdef MADV_NOHUGEPAGE
  madvise(p, bytes, MADV_NOHUGEPAGE);
#endif
  return p;
}

// A prefaulted range fills without page faults; the same fill of an untouched range takes one
// per page (the measure sees faults, so the first expectation can fail).
TEST(Prefault, AFilledPrefaultedRangeTakesNoPageFaults) {
  constexpr std::size_t bytes = std::size_t{8} << 20;  // 2,048 pages of 4 KiB
  void* untouched = fresh_small_pages(bytes);
  void* mapped = fresh_small_pages(bytes);
  ASSERT_NE(untouched, nullptr);
  ASSERT_NE(mapped, nullptr);
  if (!prefault(mapped, bytes)) {
    munmap(untouched, bytes);
    munmap(mapped, bytes);
    GTEST_SKIP() << "this kernel has no MADV_POPULATE_WRITE (Linux before 5.14)";
  }
  long before = minor_faults();
  std::memset(mapped, 1, bytes);
  const long prefaulted = minor_faults() - before;
  before = minor_faults();
  std::memset(untouched, 1, bytes);
  const long faulted = minor_faults() - before;
  EXPECT_LT(prefaulted, 16 + shadow_pages(bytes));
  EXPECT_GE(faulted, 2000);
  munmap(untouched, bytes);
  munmap(mapped, bytes);
}

// Small ranges, a null pointer and a range holding no whole page are left alone.
TEST(Prefault, SmallRangesAndPartialPagesAreLeftAlone) {
  std::vector<char> small(kPrefaultMinBytes - 1);
  EXPECT_FALSE(prefault(small.data(), small.size()));
  EXPECT_FALSE(prefault(nullptr, std::size_t{1} << 20));
  void* p = fresh_small_pages(std::size_t{1} << 20);
  ASSERT_NE(p, nullptr);
  // 64 KiB + 4 KiB starting one byte into a page: only the whole pages inside are mapped, and
  // the partial page before them is not.
  char* start = static_cast<char*>(p) + 1;
  const bool done = prefault(start, kPrefaultMinBytes + 4096);
  const long before = minor_faults();
  *static_cast<char*>(p) = 1;  // the first page, partly in the range: never prefaulted
  const long first_page = minor_faults() - before;
  EXPECT_EQ(first_page, kShadowPagePer == 0 ? 1 : 2);  // and its shadow's first page
  if (done) {
    const long again = minor_faults();
    static_cast<char*>(p)[4096] = 1;  // the first whole page inside the range
    EXPECT_EQ(minor_faults() - again, 0);
  }
  munmap(p, std::size_t{1} << 20);
}

// reserve_prefaulted keeps a container's contents and gives it the room asked for.
TEST(Prefault, ReservePrefaultedKeepsContents) {
  std::vector<float> v = {1.5f, 2.5f};
  reserve_prefaulted(v, 100000);
  EXPECT_GE(v.capacity(), 100000u);
  EXPECT_EQ(v, (std::vector<float>{1.5f, 2.5f}));
  std::string s = "day,level\n";
  reserve_prefaulted(s, 200000);
  EXPECT_GE(s.capacity(), 200000u);
  EXPECT_EQ(s, "day,level\n");
}

// Blocks of 2 MiB and more are aligned to 2 MiB (where a huge page can back them); a vector that
// grows across that size keeps its contents; smaller blocks are ordinary ones.
TEST(HugePageAllocator, LargeBlocksAreAlignedAndGrowthKeepsContents) {
  HugePageAllocator<std::uint64_t> a;
  std::uint64_t* big = a.allocate(kHugePage / sizeof(std::uint64_t) + 1);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(big) % kHugePage, 0u);
  big[kHugePage / sizeof(std::uint64_t)] = 7;  // the last element is inside the block
  a.deallocate(big, kHugePage / sizeof(std::uint64_t) + 1);

  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> v;
  const std::uint64_t n = 3 * kHugePage / sizeof(std::uint64_t);
  for (std::uint64_t i = 0; i < n; ++i)
    v.push_back(i * 2654435761u);
  for (std::uint64_t i = 0; i < n; i += 4099)
    ASSERT_EQ(v[i], i * 2654435761u) << i;
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data()) % kHugePage, 0u);
  v.clear();
  v.shrink_to_fit();
  v.push_back(1);  // small again: an ordinary block
  EXPECT_EQ(v.front(), 1u);
}

// The patient pool on huge pages: records survive its growth past 2 MiB and reuse.
TEST(HugePageAllocator, PatientPoolKeepsRecordsAcrossGrowth) {
  PatientPool pool;
  const std::uint32_t n = 3 * kHugePage / sizeof(Patient);
  for (std::uint32_t i = 0; i < n; ++i)
    pool[pool.allocate(static_cast<double>(i))].key = i;
  ASSERT_EQ(pool.size(), n);
  for (std::uint32_t i = 0; i < n; i += 997) {
    EXPECT_EQ(pool[i].key, i);
    EXPECT_EQ(pool[i].arrival_time, static_cast<double>(i));
    EXPECT_EQ(pool[i].id, i);
  }
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&pool[0]) % kHugePage, 0u);
}

// A record is one cache line, and the pool's blocks start on a line whatever their size, so that
// no record straddles two lines (the engine prefetches one line per record).
TEST(HugePageAllocator, SmallBlocksStartOnACacheLine) {
  static_assert(sizeof(Patient) == kCacheLine);
  HugePageAllocator<Patient> a;
  for (const std::size_t n : {1u, 3u, 17u, 1000u}) {
    Patient* block = a.allocate(n);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % kCacheLine, 0u) << n;
    a.deallocate(block, n);
  }
  PatientPool pool;
  for (std::uint32_t i = 0; i < 2000; ++i)
    pool.allocate(0);
  for (const std::uint32_t i : {0u, 1u, 999u, 1999u})
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&pool[i]) % kCacheLine, 0u) << i;
}

// The daily store's buffers: from 512 KiB on, blocks aligned to 2 MiB (a huge page can back
// them); a vector grown by resize() keeps its contents across that size.
TEST(LargeBufferAllocator, BlocksFrom512KiBAreHugePageAlignedAndKeepContents) {
  LargeBufferAllocator<float> a;
  constexpr std::size_t kLarge = kLargeBufferMinBytes / sizeof(float);
  float* big = a.allocate(kLarge);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(big) % kHugePage, 0u);
  big[kLarge - 1] = 2.5f;
  a.deallocate(big, kLarge);
  float* small = a.allocate(kLarge - 1);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small) % kCacheLine, 0u);
  a.deallocate(small, kLarge - 1);

  std::vector<float, LargeBufferAllocator<float>> v(1000);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>(i) * 0.5f;
  v.resize(3 * kLarge);  // now a huge-page block
  for (std::size_t i = 0; i < 1000; ++i)
    ASSERT_EQ(v[i], static_cast<float>(i) * 0.5f) << i;
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data()) % kHugePage, 0u);
}

// The mapping holding `address` in /proc/self/smaps: its "THPeligible:" and "AnonHugePages:"
// values (kB), or -1 where the kernel does not report them.
struct SmapsEntry {
  long thp_eligible = -1;
  long anon_huge_kb = -1;
};
SmapsEntry smaps_entry(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  SmapsEntry out;
  bool inside = false;
  std::string line;
  while (std::getline(smaps, line)) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find(':') > line.find(' ')) {
      if (inside) break;  // the next mapping
      inside = lo <= at && at < hi;
      continue;
    }
    if (!inside) continue;
    long value = 0;
    if (std::sscanf(line.c_str(), "THPeligible: %ld", &value) == 1) out.thp_eligible = value;
    if (std::sscanf(line.c_str(), "AnonHugePages: %ld", &value) == 1) out.anon_huge_kb = value;
  }
  return out;
}

// Where transparent huge pages are on ("madvise" or "always"), the daily store's mapping may
// take them (THPeligible; in "madvise" mode only with the mark), and when the kernel gives one,
// a megabyte fills with a fault or two, not one per 4 KiB page (256).
TEST(LargeBufferAllocator, AFilledMegabyteTakesAFewFaultsWithHugePages) {
  std::ifstream mode_file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(mode_file, mode);
  if (mode.find("[never]") != std::string::npos || mode.empty())
    GTEST_SKIP() << "transparent huge pages are off here: " << mode;
  // Off for 2 MiB pages alone (kernels from 6.8), or for this process (prctl, inherited: some
  // containers set it).
  std::ifstream size_file("/sys/kernel/mm/transparent_hugepage/hugepages-2048kB/enabled");
  std::string size_mode;
  if (std::getline(size_file, size_mode) && size_mode.find("[never]") != std::string::npos)
    GTEST_SKIP() << "2 MiB transparent huge pages are off here: " << size_mode;
  if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1)
    GTEST_SKIP() << "transparent huge pages are off for this process (PR_SET_THP_DISABLE)";
  if (kShadowPagePer != 0) GTEST_SKIP() << "AddressSanitizer's allocator places the block";
  constexpr std::size_t kBytes = std::size_t{1} << 20;
  std::vector<float, LargeBufferAllocator<float>> v;
  v.reserve(kBytes / sizeof(float));
  const long before = minor_faults();
  v.resize(kBytes / sizeof(float));
  std::memset(v.data(), 1, kBytes);
  const long faults = minor_faults() - before;
  const SmapsEntry entry = smaps_entry(v.data());
  if (entry.thp_eligible < 0) GTEST_SKIP() << "no THPeligible in /proc/self/smaps";
  EXPECT_EQ(entry.thp_eligible, 1);
  // A fragmented machine may have no free 2 MiB page at that moment: small pages, slower only.
  if (entry.anon_huge_kb > 0) {
    EXPECT_LT(faults, 16);
  }
}

// Fields that share storage (patient_pool.hpp): a record's id and its free-list link, and its
// first referral's time and the time it last left care. A released record is reused last in,
// first out, with the next id and a token that keeps counting; a fresh record's arrival time is
// the one given, whatever the record held before.
TEST(PatientPool, SharedFieldsSurviveReleaseAndReuse) {
  PatientPool pool;
  for (std::uint32_t i = 0; i < 4; ++i)
    pool.allocate(10.0 + i);
  pool[1].left_time = 99.5;  // left care: its arrival time is no longer read
  const std::uint32_t token1 = pool[1].token, token2 = pool[2].token;
  pool.release(2);
  pool.release(1);
  EXPECT_EQ(pool.alive(), 2u);
  const std::uint32_t a = pool.allocate(20.0), b = pool.allocate(21.0), c = pool.allocate(22.0);
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(c, 4u);  // the free list is empty again: a new record
  EXPECT_EQ(pool[a].id, 4u);
  EXPECT_EQ(pool[b].id, 5u);
  EXPECT_EQ(pool[c].id, 6u);
  EXPECT_EQ(pool[a].arrival_time, 20.0);
  EXPECT_EQ(pool[b].arrival_time, 21.0);
  EXPECT_EQ(pool[a].token, token1 + 1);
  EXPECT_EQ(pool[b].token, token2 + 1);
  EXPECT_EQ(pool[a].left_level, -1);
  EXPECT_EQ(pool[0].id, 0u);
  EXPECT_EQ(pool[3].arrival_time, 13.0);
}

}  // namespace
}  // namespace continuum
