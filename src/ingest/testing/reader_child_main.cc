// The reader sandbox's child as a standalone program: `ingest_reader_child PATH [limits]`.
// Production runs the same code as `notaria read-pages`.
#include <string>
#include <vector>

#include "ingest/reader.h"

int main(int argc, char** argv) {
  return notaria::ingest::RunReaderChild(std::vector<std::string>(argv + 1, argv + argc));
}
