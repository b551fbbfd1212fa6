// rename-version-need FILE LIBRARY FROM TO: makes an ELF64 file ask LIBRARY for version TO where it
// asked for FROM (a .gnu.version_r entry: name and ELF hash). patchelf cannot do this. The new name
// must be as long as the old one, so it is written over the old one in .dynstr.
#include <elf.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{
unsigned long ElfHash(const char* name)
{
    unsigned long h = 0;
    for (auto c = reinterpret_cast<const unsigned char*>(name); *c != 0; ++c)
    {
        h = (h << 4) + *c;
        unsigned long g = h & 0xf0000000;
        if (g != 0) h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

template <typename T> T* At(std::vector<char>& bytes, size_t offset)
{
    if (offset + sizeof(T) > bytes.size()) throw std::runtime_error("truncated ELF file");
    return reinterpret_cast<T*>(bytes.data() + offset);
}

int Rename(std::vector<char>& elf, const char* library, const char* from, const char* to)
{
    auto header = At<Elf64_Ehdr>(elf, 0);
    if (std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_ident[EI_CLASS] != ELFCLASS64)
        throw std::runtime_error("not an ELF64 file");
    auto sections = At<Elf64_Shdr>(elf, header->e_shoff);
    int renamed = 0;
    for (int i = 0; i < header->e_shnum; ++i)
    {
        if (sections[i].sh_type != SHT_GNU_verneed) continue;
        const char* strings = elf.data() + sections[sections[i].sh_link].sh_offset;
        size_t need = sections[i].sh_offset;
        for (unsigned n = 0; n < sections[i].sh_info; ++n)
        {
            auto verneed = At<Elf64_Verneed>(elf, need);
            bool wanted = std::strcmp(strings + verneed->vn_file, library) == 0;
            size_t aux = need + verneed->vn_aux;
            for (unsigned a = 0; wanted && a < verneed->vn_cnt; ++a)
            {
                auto vernaux = At<Elf64_Vernaux>(elf, aux);
                char* name = const_cast<char*>(strings) + vernaux->vna_name;
                if (std::strcmp(name, from) == 0)
                {
                    std::memcpy(name, to, std::strlen(to));
                    vernaux->vna_hash = static_cast<Elf64_Word>(ElfHash(to));
                    ++renamed;
                }
                aux += vernaux->vna_next;
            }
            need += verneed->vn_next;
        }
    }
    return renamed;
}
}

int main(int argc, char** argv)
{
    if (argc != 5 || std::strlen(argv[3]) != std::strlen(argv[4]))
    {
        std::fprintf(stderr, "usage: rename-version-need FILE LIBRARY FROM TO (FROM and TO of equal length)\n");
        return 2;
    }
    try
    {
        std::ifstream in(argv[1], std::ios::binary);
        std::vector<char> elf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) throw std::runtime_error("cannot read the file");
        int renamed = Rename(elf, argv[2], argv[3], argv[4]);
        if (renamed == 0) throw std::runtime_error(std::string("no version need ") + argv[3] + " on " + argv[2]);
        std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
        out.write(elf.data(), static_cast<std::streamsize>(elf.size()));
        if (!out) throw std::runtime_error("cannot write the file");
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "error: rename-version-need: %s: %s\n", argv[1], e.what());
        return 1;
    }
    return 0;
}
