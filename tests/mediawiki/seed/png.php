<?php
// Writes a solid-colour truecolour PNG: php png.php WIDTH HEIGHT RRGGBB OUT.png (for seed.sh's uploads).
[, $w, $h, $hex, $out] = $argv + [null, null, null, null, null];
if ($out === null || !ctype_digit((string)$w) || !ctype_digit((string)$h) || !preg_match('/^[0-9a-f]{6}$/i', $hex)) {
    fwrite(STDERR, "usage: php png.php WIDTH HEIGHT RRGGBB OUT.png\n");
    exit(1);
}
$chunk = function (string $type, string $data): string {
    return pack('N', strlen($data)) . $type . $data . pack('N', crc32($type . $data));
};
$row = "\0" . str_repeat(hex2bin($hex), (int)$w);
$png = "\x89PNG\r\n\x1a\n"
    . $chunk('IHDR', pack('NNCCCCC', (int)$w, (int)$h, 8, 2, 0, 0, 0))
    . $chunk('IDAT', gzcompress(str_repeat($row, (int)$h)))
    . $chunk('IEND', '');
if (file_put_contents($out, $png) === false) {
    fwrite(STDERR, "png.php: cannot write $out\n");
    exit(1);
}
