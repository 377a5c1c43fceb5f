// The reference of the offline benchmark (issue 7): what a program that only reads an .ics file with
// libical costs, and nothing else. It parses the file, walks every component and property, prints the
// counts (so that the work cannot be optimized away, and so that bench/offline.py can check both sides
// read the same file), and frees the tree.
//
//     bench_bare_parse [--stream] FILE.ics
//
// Default, `icalparser_parse_string` on the whole file: what a typical libical user does. Evolution's
// e_cal_util_parse_ics_file() reads the file whole and parses the string, and so do the GLib and
// Python bindings' usual uses; it is the one call that turns a file into a tree.
// `--stream`: libical's own documented way (ical.h, icalparser_parse: an fgets line generator). It
// spares holding the file's text, but still returns the whole VCALENDAR as one tree: libical hands back
// a component only when its outermost END arrives, so neither way streams the events of a calendar.
#include <libical/ical.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

namespace {

struct Counts {
  std::map<std::string, std::size_t> components;  // by name: VCALENDAR, VEVENT, VALARM, ...
  std::size_t properties = 0;
  std::size_t parameters = 0;
};

void walk(icalcomponent* component, Counts& counts) {
  ++counts.components[icalcomponent_kind_to_string(icalcomponent_isa(component))];
  for (icalproperty* p = icalcomponent_get_first_property(component, ICAL_ANY_PROPERTY); p != nullptr;
       p = icalcomponent_get_next_property(component, ICAL_ANY_PROPERTY)) {
    ++counts.properties;
    counts.parameters += static_cast<std::size_t>(icalproperty_count_parameters(p));
  }
  for (icalcomponent* c = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); c != nullptr;
       c = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
    walk(c, counts);
}

// The file read in one go into one buffer of its size, as g_file_get_contents() does.
icalcomponent* parse_whole_string(const char* file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return nullptr;
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) return nullptr;
  return icalparser_parse_string(text.c_str());
}

char* read_line(char* buffer, std::size_t size, void* stream) {
  return std::fgets(buffer, static_cast<int>(size), static_cast<FILE*>(stream));
}

icalcomponent* parse_stream(const char* file) {
  FILE* stream = std::fopen(file, "rb");
  if (stream == nullptr) return nullptr;
  icalparser* parser = icalparser_new();
  icalparser_set_gen_data(parser, stream);
  icalcomponent* root = icalparser_parse(parser, read_line);
  icalparser_free(parser);
  std::fclose(stream);
  return root;
}

}  // namespace

int main(int argc, char** argv) {
  const bool stream = argc == 3 && std::string_view(argv[1]) == "--stream";
  if (argc != 2 && !stream) {
    std::cerr << "usage: bench_bare_parse [--stream] FILE.ics\n";
    return 2;
  }
  const char* file = argv[argc - 1];
  errno = 0;
  icalcomponent* root = stream ? parse_stream(file) : parse_whole_string(file);
  if (root == nullptr) {
    std::cerr << "bench_bare_parse: " << file << ": " << (errno != 0 ? std::strerror(errno) : "not iCalendar") << "\n";
    return 1;
  }
  Counts counts;
  walk(root, counts);
  icalcomponent_free(root);
  for (const auto& [name, n] : counts.components) std::cout << name << " " << n << "\n";
  std::cout << "properties " << counts.properties << "\nparameters " << counts.parameters << "\n";
  return 0;
}
