// Leftover temporary files (issue #6): a run killed mid-write leaves its TempFile behind, and the next
// run holding the lock removes it with remove_stale_temp_files(_in). Only ours, only those of the
// target: another program's temporary files, another output file's, links, folders and look-alikes
// stay byte for byte.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "storage_test_support.hpp"
#include "sync/atomic_file.hpp"
#include "sync/file_io.hpp"

namespace followup::sync {
namespace {

using namespace testing;
namespace fs = std::filesystem;

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(folder)) out.push_back(entry.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

// What kill -9 in the middle of a write leaves: a child process makes a TempFile for `final_path`,
// writes half an object and ends without running any destructor.
void killed_mid_write(const fs::path& final_path) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    TempFile temp(final_path);
    temp.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

class StaleTempFilesTest : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path folder = dir.path();
};

TEST_F(StaleTempFilesTest, TheTempFileOfAKilledRunIsOursAndIsRemoved) {
  write_file(folder / "out.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  killed_mid_write(folder / "out.ics");
  const auto left = names_in(folder);
  ASSERT_EQ(left.size(), 2U);
  EXPECT_TRUE(left[0].starts_with(".followup-tmp-out.ics.")) << left[0] << ": distinctive, and hidden";

  EXPECT_EQ(remove_stale_temp_files(folder / "out.ics"), 1U);
  EXPECT_EQ(names_in(folder), std::vector<std::string>{"out.ics"});
  EXPECT_EQ(read_file(folder / "out.ics"), "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
}

TEST_F(StaleTempFilesTest, ForeignFilesAndOtherTargetsFilesAreUntouched) {
  const std::vector<std::string> foreign = {
      ".something.tmp",                  // another program's (an editor's)
      ".out.ics.AbC123",                 // mkstemp-style, but not marked as ours (older versions, vdirsyncer)
      ".followup-tmp-other.ics.AbC123",  // ours, but of another output file in the same folder (its own lock)
      "followup-tmp-out.ics.AbC123",     // not hidden
      ".followup-tmp-out.ics.AbC12",     // not mkostemp's six characters
      ".followup-tmp-out.ics.AbC12!",
      ".followup-tmp-out.ics",
      "out.ics",
  };
  for (const auto& name : foreign) write_file(folder / name, "keep " + name);
  fs::create_directory(folder / ".followup-tmp-out.ics.Folder");
  fs::create_symlink(folder / "out.ics", folder / ".followup-tmp-out.ics.Link00");

  EXPECT_EQ(remove_stale_temp_files(folder / "out.ics"), 0U);
  for (const auto& name : foreign) EXPECT_EQ(read_file(folder / name), "keep " + name) << name;
  EXPECT_TRUE(fs::is_directory(folder / ".followup-tmp-out.ics.Folder"));
  EXPECT_TRUE(fs::is_symlink(folder / ".followup-tmp-out.ics.Link00"));
}

TEST_F(StaleTempFilesTest, AVdirLosesEveryTempFileOfOursAndNothingElse) {
  const fs::path vdir = folder / "jobs";
  fs::create_directory(vdir);
  write_file(vdir / "followup-a.ics", "item a");
  killed_mid_write(vdir / "followup-a.ics");  // an update cut short
  killed_mid_write(vdir / "followup-b.ics");  // a create cut short
  write_file(vdir / ".edit.tmp", "vdirsyncer's");
  write_file(vdir / ".hidden.ics", "the user's");
  ASSERT_EQ(names_in(vdir).size(), 5U);

  EXPECT_EQ(remove_stale_temp_files_in(vdir), 2U);
  EXPECT_EQ(names_in(vdir), (std::vector<std::string>{".edit.tmp", ".hidden.ics", "followup-a.ics"}));
  EXPECT_EQ(read_file(vdir / ".edit.tmp"), "vdirsyncer's");
  EXPECT_EQ(remove_stale_temp_files_in(vdir), 0U) << "nothing left to remove";
}

TEST_F(StaleTempFilesTest, ThroughASymbolicLinkTheTempFilesBesideItsTargetGo) {
  // The .ics store writes beside the file a link points to (so that the link stays a link).
  fs::create_directory(folder / "real");
  write_file(folder / "real" / "calendar.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  fs::create_symlink(folder / "real" / "calendar.ics", folder / "link.ics");
  killed_mid_write(folder / "real" / "calendar.ics");

  EXPECT_EQ(remove_stale_temp_files(folder / "link.ics"), 1U);
  EXPECT_EQ(names_in(folder / "real"), std::vector<std::string>{"calendar.ics"});
}

TEST_F(StaleTempFilesTest, NothingWrittenYetIsNothingToRemove) {
  EXPECT_EQ(remove_stale_temp_files(folder / "new.ics"), 0U);
  EXPECT_EQ(remove_stale_temp_files_in(folder / "no-such-vdir"), 0U);
  killed_mid_write(folder / "new.ics");  // the first write of a new file, cut short
  EXPECT_EQ(remove_stale_temp_files(folder / "new.ics"), 1U);
  EXPECT_TRUE(names_in(folder).empty());
}

}  // namespace
}  // namespace followup::sync
