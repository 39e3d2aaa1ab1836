#pragma once
// Job files: a JSON form of `instyle-cli stylize`'s command line, for several instances at once
// and for reproducing a run (--save-params writes one).
//
//   {"content": "photo.jpg", "out": "result.png", "size": 512, "iters": 200,
//    "instances": [{"point": "320,240", "style": ["starry.jpg:1"], "blend": "feather", "feather": 12},
//                  {"mask": "dog.png", "style": ["scream.jpg"], "beta": 2, "background": false},
//                  {"point": ["410,200", "460,90:0"], "box": "380,60,520,300", "style": ["kiss.jpg"]}]}
//
// (the last one, several points and a box, is a MobileSAM prompt; see --point/--box in --help).
//
// Every key is the name of a command-line option without its dashes (a row of the option table,
// core/style/stylize_options.h); a list repeats the option; true turns a flag on. Options given on the
// command line win over the file's top-level ones. The key "instyle-window" (the window's own
// settings, in files the window writes) is ignored.

#include <string>
#include <vector>

namespace instyle::cli {

// Replaces `--job FILE` in `tokens` by the file's options. Throws instyle::Error naming the file
// for unreadable or malformed JSON, and naming the file and the key for an unknown key, a value of
// the wrong type or out of range, or an input file that does not exist (the option table's
// rows and ranges); UsageError when the
// command line also has --instance.
std::vector<std::string> expandJobFile(const std::vector<std::string>& tokens);

}  // namespace instyle::cli
