// VdirStorage beyond the contract: the folder holds one "<href>" file per object with exactly the text
// given, written atomically (no temporary file left), other programs' edits change the version tag,
// and files that are not objects (hidden, temporary, other extensions, folders) are left alone.
#include "sync/vdir_storage.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "ical/errors.hpp"
#include "storage_test_support.hpp"
#include "sync/href.hpp"

namespace followup::sync {
namespace {

using namespace testing;

class VdirStorageTest : public ::testing::Test {
 protected:
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) out.push_back(entry.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

  TempDir dir;
  std::filesystem::path folder = dir.path() / "jobs";
  VdirStorage store{folder};
};

TEST_F(VdirStorageTest, EachObjectIsOneFileHoldingExactlyItsText) {
  const std::string text = follow_up_object("followup-a", "A", "Europe/Berlin");
  const ItemRef ref = store.create("followup-a", text);
  EXPECT_EQ(ref.href, "followup-a.ics");
  EXPECT_EQ(read_file(folder / "followup-a.ics"), text);
  EXPECT_EQ(permission_bits(folder / "followup-a.ics"), 0600U);
  EXPECT_EQ(permission_bits(folder), 0700U) << "the folder is made, private, by the first write";
}

TEST_F(VdirStorageTest, EtagIsMtimeInodeAndSize) {
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A"));
  struct stat st {};
  ASSERT_EQ(::stat((folder / ref.href).c_str(), &st), 0);
  const auto mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  EXPECT_EQ(ref.etag, std::to_string(mtime_ns) + ";" + std::to_string(st.st_ino) + ";" + std::to_string(st.st_size));
}

TEST_F(VdirStorageTest, NoTemporaryFileIsLeftBehind) {
  const ItemRef a = store.create("followup-a", follow_up_object("followup-a", "A"));
  const ItemRef b = store.create("followup-b", follow_up_object("followup-b", "B"));
  EXPECT_THROW(store.create("followup-b", follow_up_object("followup-b", "B again")), AlreadyExists);
  store.update(a, follow_up_object("followup-a", "A2"));
  EXPECT_THROW(store.update(a, follow_up_object("followup-a", "A3")), VersionMismatch);
  store.remove(b);
  EXPECT_EQ(names(), std::vector<std::string>{"followup-a.ics"});
}

TEST_F(VdirStorageTest, AFileEditedByAnotherProgramChangesTheEtag) {
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A"));
  const auto path = folder / ref.href;
  // Saved by rename, as editors and vdirsyncer do: a new inode.
  write_file(folder / ".edit.tmp", follow_up_object("followup-a", "B"));
  std::filesystem::rename(folder / ".edit.tmp", path);
  const auto renamed = store.list();
  ASSERT_EQ(renamed.size(), 1U);
  EXPECT_NE(renamed[0].etag, ref.etag);
  EXPECT_THROW(store.update(ref, follow_up_object("followup-a", "C")), VersionMismatch);
  // Rewritten in place, same size, a moment later: a new mtime.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  write_file(path, follow_up_object("followup-a", "D"));
  const auto in_place = store.list();
  ASSERT_EQ(in_place.size(), 1U);
  EXPECT_NE(in_place[0].etag, renamed[0].etag);
  EXPECT_THROW(store.remove(renamed[0]), VersionMismatch);
  EXPECT_EQ(read_file(path), follow_up_object("followup-a", "D"));
  store.remove(in_place[0]);
  EXPECT_TRUE(store.list().empty());
}

TEST_F(VdirStorageTest, AFileDeletedByAnotherProgramIsGone) {
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A"));
  std::filesystem::remove(folder / ref.href);
  EXPECT_TRUE(store.list().empty());
  EXPECT_TRUE(store.get({ref.href}).empty());
  EXPECT_THROW(store.update(ref, follow_up_object("followup-a", "B")), VersionMismatch);
  EXPECT_THROW(store.remove(ref), VersionMismatch);
  EXPECT_TRUE(names().empty()) << "update() did not bring it back";
}

TEST_F(VdirStorageTest, RapidWritesOfTheSameSizeStillGetNewEtags) {
  // Within one timestamp tick the inode the previous write freed may come back; the store makes
  // each new mtime later than the old one so that no tag repeats.
  std::vector<ItemRef> versions{store.create("followup-a", follow_up_object("followup-a", "v00"))};
  for (int i = 1; i < 50; ++i) {
    const std::string summary = (i < 10 ? "v0" : "v") + std::to_string(i);
    versions.push_back(store.update(versions.back(), follow_up_object("followup-a", summary)));
  }
  std::set<std::string> etags;
  for (const auto& v : versions) etags.insert(v.etag);
  EXPECT_EQ(etags.size(), versions.size());
}

TEST_F(VdirStorageTest, FilesThatAreNotObjectsAreIgnored) {
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A"));
  write_file(folder / "notes.txt", "not a calendar");
  write_file(folder / ".hidden.ics", follow_up_object("hidden", "Hidden"));
  write_file(folder / ".followup-b.ics.Xy12Zq", "half written");  // someone's temporary file
  write_file(folder / "README", "x");
  write_file(folder / ".ics", "x");
  std::filesystem::create_directory(folder / "sub.ics");
  std::filesystem::create_symlink(folder / "missing-target.ics", folder / "dangling.ics");
  ASSERT_EQ(::mkfifo((folder / "pipe.ics").c_str(), 0600), 0);
  EXPECT_EQ(store.list(), std::vector<ItemRef>{ref});
  EXPECT_TRUE(store.get({".hidden.ics", "sub.ics", "dangling.ics", "pipe.ics"}).empty());
}

TEST_F(VdirStorageTest, HrefsNeverLeaveTheFolder) {
  write_file(dir.path() / "secret.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  store.create("followup-a", follow_up_object("followup-a", "A"));
  EXPECT_TRUE(store.get({"../secret.ics", "/etc/passwd", "jobs/../../secret.ics"}).empty());
  const auto list = store.list();
  EXPECT_THROW(store.remove({"../secret.ics", list[0].etag}), VersionMismatch);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "secret.ics"));

  const std::string uid = "../../escape/me now@example.com";
  const ItemRef odd = store.create(uid, follow_up_object(uid, "Odd"));
  EXPECT_EQ(odd.href, file_name_for_uid(uid));
  EXPECT_TRUE(std::filesystem::is_regular_file(folder / odd.href));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "escape"));
}

TEST_F(VdirStorageTest, CreateNeverReplacesAFileAnotherProgramPutThere) {
  std::filesystem::create_directory(folder);
  write_file(folder / "followup-a.ics", "theirs");
  EXPECT_THROW(store.create("followup-a", follow_up_object("followup-a", "A")), AlreadyExists);
  EXPECT_EQ(read_file(folder / "followup-a.ics"), "theirs");
  EXPECT_EQ(names(), std::vector<std::string>{"followup-a.ics"});
}

TEST_F(VdirStorageTest, UpdateKeepsThePermissionBits) {
  const ItemRef ref = store.create("followup-a", follow_up_object("followup-a", "A"));
  ASSERT_EQ(::chmod((folder / ref.href).c_str(), 0640), 0);
  const ItemRef chmodded = store.list().front();
  store.update(chmodded, follow_up_object("followup-a", "B"));
  EXPECT_EQ(permission_bits(folder / ref.href), 0640U);
}

TEST_F(VdirStorageTest, AMissingFolderListsNothingAndIsNotCreatedByReading) {
  EXPECT_TRUE(store.list().empty());
  EXPECT_TRUE(store.get({"followup-a.ics"}).empty());
  EXPECT_FALSE(std::filesystem::exists(folder));
}

TEST_F(VdirStorageTest, AFolderThatIsAFileIsAnIoErrorNamingIt) {
  write_file(dir.path() / "a-file", "x");
  VdirStorage broken(dir.path() / "a-file" / "jobs");
  try {
    broken.create("followup-a", follow_up_object("followup-a", "A"));
    ADD_FAILURE() << "no IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path() / "a-file"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
  }
}

TEST_F(VdirStorageTest, PermissionDeniedIsAnIoErrorNamingTheFolder) {
  std::filesystem::create_directory(folder);
  std::filesystem::permissions(folder, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  // Root is never denied permission: as root (CI), the attempt runs in a child that became "nobody".
  const auto attempt = [&]() -> std::string {
    try {
      store.create("followup-a", follow_up_object("followup-a", "A"));
      return "no IoError";
    } catch (const IoError& e) {
      const std::string what = e.what();
      if (what.find(folder.string()) == std::string::npos) return "the message does not name the folder: " + what;
      if (what.find("Permission denied") == std::string::npos) return "not a permission error: " + what;
      return "";
    }
  };
  if (::geteuid() != 0) {
    EXPECT_EQ(attempt(), "");
    return;
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0;
    ::_exit(dropped && attempt().empty() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the unprivileged attempt did not get a clear IoError";
}

}  // namespace
}  // namespace followup::sync
