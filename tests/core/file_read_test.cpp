// The one reader for files that came with the checkout (core/file_read.h).

#include "core/file_read.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace linkform {
namespace {

namespace fs = std::filesystem;

class FileReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lf_file_read_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "tree");
    fs::create_directories(root_ / "outside");
    tree_ = fs::canonical(root_ / "tree").string();
  }
  void TearDown() override { fs::remove_all(root_); }
  FileLimits limits(std::size_t max_bytes = 1024) const {
    return {max_bytes, {tree_}, "the tree", false, false};
  }

  fs::path root_;
  std::string tree_;
};

TEST_F(FileReadTest, ARegularFileInsideIsRead) {
  std::ofstream(root_ / "tree" / "a.toml") << "x = 1\n";
  auto read = read_bounded_file((root_ / "tree" / "a.toml").string(), limits());
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, "x = 1\n");
}

// Issue 22: a configuration committed as a symlink was read wherever it pointed, and without bound.
TEST_F(FileReadTest, DevicesFifosAndSymlinksOutOfTheTreeEndAtOnce) {
  std::ofstream(root_ / "outside" / "secret") << "outside\n";
  fs::create_symlink(root_ / "outside" / "secret", root_ / "tree" / "out.toml");
  fs::create_symlink("/dev/zero", root_ / "tree" / "zero.toml");
  ASSERT_EQ(::mkfifo((root_ / "tree" / "fifo.toml").c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  auto out = read_bounded_file((root_ / "tree" / "out.toml").string(), limits());
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().message.find("outside the tree"), std::string::npos) << out.error().message;
  EXPECT_EQ(out.error().message.find("outside\n"), std::string::npos);
  auto zero = read_bounded_file((root_ / "tree" / "zero.toml").string(), limits());
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("character device"), std::string::npos) << zero.error().message;
  auto fifo = read_bounded_file((root_ / "tree" / "fifo.toml").string(), limits());
  ASSERT_FALSE(fifo);
  EXPECT_NE(fifo.error().message.find("a FIFO"), std::string::npos) << fifo.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST_F(FileReadTest, AFileOverTheCapIsRefused) {
  std::ofstream(root_ / "tree" / "big") << std::string(2048, 'x');
  auto read = read_bounded_file((root_ / "tree" / "big").string(), limits(1024));
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("is larger than 1 KiB"), std::string::npos) << read.error().message;
}

// Issue 22: a hard link inside the tree to a file outside it was read as a secret.
TEST_F(FileReadTest, ASecretFileWithSeveralHardLinksIsRefused) {
  std::ofstream(root_ / "outside" / "secret") << "s3cret-value\n";
  fs::create_hard_link(root_ / "outside" / "secret", root_ / "tree" / "secret");
  auto read = read_secret_file((root_ / "tree" / "secret").string(), {tree_});
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("2 hard links"), std::string::npos) << read.error().message;
  std::ofstream(root_ / "tree" / "single") << "s3cret-value\n";
  EXPECT_FALSE(read_secret_file((root_ / "tree" / "single").string(), {}));  // no roots: read nowhere
  EXPECT_TRUE(read_secret_file((root_ / "tree" / "single").string(), {tree_}));
}

}  // namespace
}  // namespace linkform
