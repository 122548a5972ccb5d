/*
 * weaken-version FILE LIBRARY VERSION: marks FILE's version requirement LIBRARY:VERSION weak
 * (VER_FLG_WEAK in its Elf64_Vernaux, System V gABI "Symbol Versioning"), in place.
 * glibc's loader then does not refuse FILE when LIBRARY lacks VERSION, and binds the symbols
 * of that version to whichever loaded object defines them (our shim), instead of failing with
 * "version `GLIBCXX_3.4.32' not found". Exit 0 when marked (or already weak), 1 when FILE has
 * no such requirement, 2 on a malformed or unreadable file. 64-bit little-endian ELF only.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *image;
static long size;

static int in_bounds(unsigned long offset, unsigned long length)
{
    return offset <= (unsigned long)size && length <= (unsigned long)size - offset;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: weaken-version FILE LIBRARY VERSION\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END); size = ftell(f); fseek(f, 0, SEEK_SET);
    image = malloc(size);
    if (!image || fread(image, 1, size, f) != (size_t)size) { fprintf(stderr, "%s: cannot read\n", argv[1]); return 2; }
    fclose(f);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
    if (size < (long)sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64
        || !in_bounds(eh->e_shoff, (unsigned long)eh->e_shnum * sizeof(Elf64_Shdr)))
    { fprintf(stderr, "%s: not a 64-bit ELF file\n", argv[1]); return 2; }
    Elf64_Shdr *sh = (Elf64_Shdr *)(image + eh->e_shoff);
    int found = 0;
    for (int s = 0; s < eh->e_shnum; s++)
    {
        if (sh[s].sh_type != SHT_GNU_verneed) continue;
        if (sh[s].sh_link >= eh->e_shnum) return 2;
        const char *strtab = (const char *)image + sh[sh[s].sh_link].sh_offset;
        unsigned long off = sh[s].sh_offset;
        for (unsigned i = 0; i < sh[s].sh_info && in_bounds(off, sizeof(Elf64_Verneed)); i++)
        {
            Elf64_Verneed *vn = (Elf64_Verneed *)(image + off);
            unsigned long aoff = off + vn->vn_aux;
            for (unsigned j = 0; j < vn->vn_cnt && in_bounds(aoff, sizeof(Elf64_Vernaux)); j++)
            {
                Elf64_Vernaux *va = (Elf64_Vernaux *)(image + aoff);
                if (!strcmp(strtab + vn->vn_file, argv[2]) && !strcmp(strtab + va->vna_name, argv[3]))
                {
                    va->vna_flags |= VER_FLG_WEAK;
                    found = 1;
                }
                aoff += va->vna_next;
            }
            off += vn->vn_next;
        }
    }
    if (!found) { fprintf(stderr, "%s: no requirement %s %s\n", argv[1], argv[2], argv[3]); return 1; }
    f = fopen(argv[1], "r+b");
    if (!f || fwrite(image, 1, size, f) != (size_t)size || fclose(f)) { perror(argv[1]); return 2; }
    return 0;
}
