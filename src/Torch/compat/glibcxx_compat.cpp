// GCC 13's <iostream> starts the standard streams by calling std::ios_base_library_init()
// (GLIBCXX_3.4.32). TorchSharp's libLibTorchSharp.so was built with GCC 13 and needs it; GCC 12's
// libstdc++ (Debian 12) lacks it but still starts the streams through std::ios_base::Init, so this
// one function is all a patched copy of libLibTorchSharp.so is missing. See ../README.md.
#include <ios>

namespace std
{
__attribute__((visibility("default"))) void ios_base_library_init()
{
    // Constructing an Init (once) is what GCC 12's <iostream> does in every translation unit.
    static ios_base::Init streams;
}
}
