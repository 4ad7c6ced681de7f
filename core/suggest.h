#pragma once
// "Did you mean" suggestions for misspelled names.

#include <string>
#include <string_view>
#include <vector>

namespace linkform {

// Levenshtein distance between two strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo
// (distance at most a third of the word's length, and at least 1 allowed), else empty.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean \"x\"?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace linkform
