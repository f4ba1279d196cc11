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

}  // namespace
}  // namespace continuum
