// The engine's containers: the waitlist ring buffer (FIFO order across growth and wrap-around)
// and the huge-page allocator of the patient records.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "continuum/core/huge_pages.hpp"
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
