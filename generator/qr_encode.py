"""QR code matrices (ISO/IEC 18004), module for module the ones segno 1.6.6 makes with
`segno.make(text, error="m", micro=False, mask=0)`, at a fraction of its cost.

segno spends 1.5-5 ms a code in Python, mostly on work that is the same for every code of a
version: drawing the function patterns, walking the data-module zigzag, masking module by module. Here that is done
once per version (and level) and cached as one gather list, so a code costs its Reed-Solomon
arithmetic, a few big-int operations and one C-level gather.

What segno does, and therefore what this does (tests/test_qr.py compares the two):
- bytes: ISO-8859-1 when the text fits it, else Shift_JIS, else UTF-8; no ECI header;
- mode: numeric, alphanumeric or kanji when every byte allows it, else byte; one segment;
- version: the smallest that holds the data at level M, then the level is raised to Q, then H,
  while the data still fits that version ("boost_error");
- padding: after the terminator, 1-8 zero bits up to the next byte boundary (a whole zero byte when
  already on one; decoders stop at the terminator, so it reads the same), then 0xEC 0x11 ...;
- mask pattern 0, always.
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter

MASK = 0  # (row + column) even: choosing the best of eight would score each mask, see qr.py

_NUMERIC, _ALNUM, _BYTE, _KANJI = 1, 2, 4, 8  # the modes' 4-bit indicators
# Character count indicator width per mode, for versions 1-9, 10-26 and 27-40.
_COUNT_BITS = {_NUMERIC: (10, 12, 14), _ALNUM: (9, 11, 13), _BYTE: (8, 16, 16), _KANJI: (8, 10, 12)}
_ALNUM_CHARS = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_ONLY = re.compile(rb"[0-9A-Z $%*+\-./:]+")

# Error correction for the levels segno can end on from M (ISO/IEC 18004 table 9), by version 1-40:
# the level's code in the format information, EC codewords per block, number of blocks.
_LEVELS = ("M", "Q", "H")
_FORMAT_LEVEL = {"M": 0b00, "Q": 0b11, "H": 0b10}
_EC_PER_BLOCK = {
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
_BLOCKS = {
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}


class DataOverflowError(ValueError):
    """The text does not fit the largest QR code (version 40) at level M."""


def matrix(text: str) -> tuple[bytes, ...]:
    """The code's rows, one byte per module (1 dark, 0 light), quiet zone not included: segno's matrix."""
    size, cells = modules(text)
    cells = cells.encode("ascii").translate(bytes.maketrans(b"01", b"\x00\x01"))
    return tuple(cells[y * (size + 1):y * (size + 1) + size] for y in range(size))


def modules(text: str) -> tuple[int, str]:
    """(size, cells): the rows one after another as "1" (dark) and "0" (light), each row followed by
    one "0", so a run of dark modules found in `cells` never continues into the next row."""
    mode, count, bits, nbits = _segment(text)
    version, level = _version_level(mode, nbits, text)
    layout = _layout(version, level)
    data = _data_codewords(mode, count, bits, nbits, version, layout.ndata)
    ecc = b"".join(_ecc(data[start:end], layout.ec_table, layout.ec_len) for start, end in layout.blocks)
    # Blocks in order (the interleaving is folded into the gather list), remainder bits, mask.
    stream = (int.from_bytes(data + ecc, "big") << layout.remainder) ^ layout.mask
    return layout.size, "".join(layout.gather(format(stream, layout.bit_format) + "01"))


def _segment(text: str) -> tuple[int, int, int, int]:
    """(mode, character count, data bits as one int, how many) for the text, as segno chooses."""
    try:
        data = text.encode("iso-8859-1")
    except UnicodeEncodeError:
        try:
            data = text.encode("shift_jis")
        except UnicodeEncodeError:
            data = text.encode("utf-8")
    if data.isdigit():  # groups of 3 digits in 10 bits (a last 2 in 7, a last 1 in 4)
        bits = nbits = 0
        for i in range(0, len(data), 3):
            group = data[i:i + 3]
            bits, nbits = bits << (3 * len(group) + 1) | int(group), nbits + 3 * len(group) + 1
        return _NUMERIC, len(data), bits, nbits
    if _ALNUM_ONLY.fullmatch(data):  # pairs in 11 bits as 45 * first + second, a last one in 6
        bits = nbits = 0
        for i in range(0, len(data) - 1, 2):
            bits = bits << 11 | _ALNUM_CHARS.index(data[i]) * 45 + _ALNUM_CHARS.index(data[i + 1])
        if len(data) % 2:
            bits = bits << 6 | _ALNUM_CHARS.index(data[-1])
        return _ALNUM, len(data), bits, len(data) // 2 * 11 + len(data) % 2 * 6
    pairs = range(0, len(data) - 1, 2)
    if data and len(data) % 2 == 0 and all(_is_kanji(data[i] << 8 | data[i + 1]) for i in pairs):
        bits = 0  # each Shift_JIS pair in 13 bits
        for i in pairs:
            pair = data[i] << 8 | data[i + 1]
            pair -= 0x8140 if pair <= 0x9FFC else 0xC140
            bits = bits << 13 | (pair >> 8) * 0xC0 + (pair & 0xFF)
        return _KANJI, len(pairs), bits, 13 * len(pairs)
    return _BYTE, len(data), int.from_bytes(data, "big"), 8 * len(data)


def _is_kanji(pair: int) -> bool:
    return 0x8140 <= pair <= 0x9FFC or 0xE040 <= pair <= 0xEBBF


def _count_bits(mode: int, version: int) -> int:
    return _COUNT_BITS[mode][0 if version < 10 else 1 if version < 27 else 2]


def _version_level(mode: int, nbits: int, text: str) -> tuple[int, str]:
    for version in range(1, 41):
        need = 4 + _count_bits(mode, version) + nbits
        if need <= 8 * _data_codewords_of(version, "M"):
            break
    else:
        raise DataOverflowError(f"too long for a QR code ({need} bits of data; the largest, version 40 at "
                                f"level M, holds {8 * _data_codewords_of(40, 'M')}): {text[:60]}...")
    level = "M"
    for better in ("Q", "H"):  # segno's boost_error: the best level the same version still holds
        if need > 8 * _data_codewords_of(version, better):
            break
        level = better
    return version, level


@cache
def _data_codewords_of(version: int, level: str) -> int:
    return _raw_modules(version) // 8 - _EC_PER_BLOCK[level][version - 1] * _BLOCKS[level][version - 1]


def _raw_modules(version: int) -> int:
    """Modules left for codewords and remainder bits once the function patterns are drawn."""
    size = 4 * version + 17
    aligns = version // 7 + 2 if version > 1 else 0
    alignment = 25 * (aligns * aligns - 3) - 10 * (aligns - 2) if aligns else 0  # minus overlap with timing
    finders_and_format = 3 * 64 + 31  # finder + separator squares; 2 x 15 format bits + the dark module
    return size * size - finders_and_format - 2 * (size - 16) - alignment - (36 if version >= 7 else 0)


def _data_codewords(mode: int, count: int, bits: int, nbits: int, version: int, ndata: int) -> bytes:
    count_bits = _count_bits(mode, version)
    value = ((mode << count_bits | count) << nbits) | bits
    length = 4 + count_bits + nbits
    terminator = min(8 * ndata - length, 4)
    pad = 8 - (length + terminator) % 8  # 1-8, as segno pads (see the module's docstring)
    length += terminator + pad
    return ((value << (terminator + pad)).to_bytes(length // 8, "big") + b"\xec\x11" * (ndata // 2 + 1))[:ndata]


def _gf256() -> tuple[list[int], list[int]]:
    """Powers of 2 (twice over, so a sum of two logs needs no modulo) and logs in GF(256) mod 0x11d."""
    exp, log, x = [0] * 510, [0] * 256, 1
    for i in range(255):
        exp[i] = exp[i + 255] = x
        log[x] = i
        x = x << 1 ^ (0x11D if x & 0x80 else 0)
    return exp, log


# Reed-Solomon over GF(256); the generator of n EC codewords has the roots 2^0 .. 2^(n-1).
_EXP, _LOG = _gf256()


def _gf_mul(a: int, b: int) -> int:
    return _EXP[_LOG[a] + _LOG[b]] if a and b else 0


@cache
def _ec_table(n: int) -> tuple[int, ...]:
    """For each byte f, f times the degree-n generator (without its leading 1) as one n-byte int: the
    remainder register of the division then takes one shift and one XOR per data codeword."""
    generator = [1]
    for i in range(n):  # multiply by (x + 2^i)
        generator = [c ^ _gf_mul(d, _EXP[i]) for c, d in zip(generator + [0], [0] + generator, strict=True)]
    return tuple(int.from_bytes(bytes(_gf_mul(f, c) for c in generator[1:]), "big") for f in range(256))


def _ecc(block: bytes, table: tuple[int, ...], n: int) -> bytes:
    top, keep = 8 * (n - 1), (1 << 8 * n) - 1
    remainder = 0
    for byte in block:
        remainder = (remainder << 8 & keep) ^ table[remainder >> top ^ byte]
    return remainder.to_bytes(n, "big")


class _Layout:
    """Everything shared by the codes of one version and level."""

    def __init__(self, version: int, level: str):
        self.size = size = 4 * version + 17
        self.ec_len = _EC_PER_BLOCK[level][version - 1]
        self.ec_table = _ec_table(self.ec_len)
        grid = _function_patterns(version, level)
        order = _placement(grid)
        total = len(order) // 8  # codewords; the modules left over take remainder bits
        self.ndata = ndata = _data_codewords_of(version, level)
        blocks = _BLOCKS[level][version - 1]
        short, longer = divmod(ndata, blocks)  # the last `longer` blocks hold one data codeword more
        sizes = [short] * (blocks - longer) + [short + 1] * longer
        starts = [sum(sizes[:j]) for j in range(blocks)]
        self.blocks = [(start, start + n) for start, n in zip(starts, sizes, strict=True)]
        # The symbol takes codewords interleaved: data codeword i of every block, then i + 1 ...; then
        # the EC codewords the same way. `source[k]` is where codeword k of that sequence sits in
        # ours, which has the blocks one after another: data of all blocks, then EC of all blocks.
        source = [starts[j] + i for i in range(short + 1) for j in range(blocks) if i < sizes[j]]
        source += [ndata + j * self.ec_len + i for i in range(self.ec_len) for j in range(blocks)]
        assert len(source) == total
        nbits = len(order)
        self.remainder = nbits - 8 * total
        self.bit_format = f"0{nbits}b"
        # cells[y * (size + 1) + x] = (stream bits + "01")[index]: fixed modules take the "0" or "1".
        index = [nbits + (value or 0) for row in grid for value in [*row, 0]]
        self.mask = 0
        for k, (y, x) in enumerate(order):
            bit = 8 * source[k // 8] + k % 8 if k < 8 * total else k
            index[y * (size + 1) + x] = bit
            if (y + x) % 2 == 0:  # mask pattern 0 flips these data modules
                self.mask |= 1 << (nbits - 1 - bit)
        self.gather = itemgetter(*index)


@cache
def _layout(version: int, level: str) -> _Layout:
    return _Layout(version, level)


def _function_patterns(version: int, level: str) -> list[list[int | None]]:
    """The symbol's fixed modules (1 dark, 0 light); None where codewords go."""
    size = 4 * version + 17
    grid: list[list[int | None]] = [[None] * size for _ in range(size)]
    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):  # finders and their light separators
        for y in range(max(top - 1, 0), min(top + 8, size)):
            for x in range(max(left - 1, 0), min(left + 8, size)):
                ring = max(abs(y - top - 3), abs(x - left - 3))
                grid[y][x] = int(ring not in (2, 4))
    if version > 1:  # alignment patterns, centred on every pair of these except the finders' corners
        count = version // 7 + 2
        # Evenly spaced from the far corner by an even step, as the standard's table lists them; its
        # version 32 is the one whose step (26) is not the smallest even one that reaches column 6.
        step = 26 if version == 32 else -(-(size - 13) // (2 * (count - 1))) * 2
        centres = [6] + list(range(size - 7 - step * (count - 2), size - 6, step))
        for cy in centres:
            for cx in centres:
                if grid[cy][cx] is None:
                    for y in range(cy - 2, cy + 3):
                        for x in range(cx - 2, cx + 3):
                            grid[y][x] = int(max(abs(y - cy), abs(x - cx)) != 1)
    for i in range(8, size - 8):  # timing patterns
        grid[6][i] = grid[i][6] = int(i % 2 == 0)
    # Format information: level and mask, BCH(15, 5) protected, XORed with 0x5412; drawn twice.
    bits = _FORMAT_LEVEL[level] << 3 | MASK
    check = bits << 10
    for i in range(14, 9, -1):
        if check >> i & 1:
            check ^= 0x537 << (i - 10)
    bits = (bits << 10 | check) ^ 0x5412
    around_finder = [(i, 8) for i in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, 14 - i) for i in range(9, 15)]
    split = [(8, size - 1 - i) for i in range(8)] + [(size - 15 + i, 8) for i in range(8, 15)]
    for i in range(15):
        for y, x in (around_finder[i], split[i]):
            grid[y][x] = bits >> i & 1
    grid[size - 8][8] = 1  # the dark module
    if version >= 7:  # version information: BCH(18, 6), beside the two finders on the far sides
        check = version << 12
        for i in range(17, 11, -1):
            if check >> i & 1:
                check ^= 0x1F25 << (i - 12)
        bits = version << 12 | check
        for i in range(18):
            a, b = size - 11 + i % 3, i // 3
            grid[b][a] = grid[a][b] = bits >> i & 1
    return grid


def _placement(grid: list[list[int | None]]) -> list[tuple[int, int]]:
    """(y, x) of the codeword modules in the order they take the bit stream: two-module-wide columns
    from the right, up then down in turn, skipping the vertical timing pattern."""
    size = len(grid)
    order = []
    right, upward = size - 1, True
    while right > 0:
        if right == 6:
            right = 5
        for y in range(size - 1, -1, -1) if upward else range(size):
            order += [(y, x) for x in (right, right - 1) if grid[y][x] is None]
        right, upward = right - 2, not upward
    return order
