// The one symbol that TorchSharp 0.107.0's libLibTorchSharp.so (built with GCC 13) needs from a
// libstdc++ newer than Debian 12's / Ubuntu 22.04's (GLIBCXX_3.4.30): std::ios_base_library_init().
// GCC 13's <iostream> references it instead of placing a static std::ios_base::Init object in every
// translation unit; libstdc++ 13 defines it next to the object that initialises cout/cin/cerr.
// Here the same guarantee comes from the GCC 12 way: this file includes <iostream>, so its static
// std::ios_base::Init object initialises the standard streams when the shim is loaded (before
// libLibTorchSharp.so's own constructors, since the shim is one of its DT_NEEDED libraries).
// The version script glibcxx-shim.map gives the symbol the version GLIBCXX_3.4.32.
#include <iostream>

namespace std
{
    void ios_base_library_init() {}
}
