<?php
// Reads one JSON document on stdin and prints the value at each path given as an argument, one per line
// (dot-separated keys; array indices are numbers). A missing value prints an empty line; arrays and
// objects print as JSON; booleans as true/false. Exit status 2 when stdin is not JSON.
// Used by seed.sh, because jq is not part of what up.sh installs.
$raw = stream_get_contents(STDIN);
$doc = json_decode($raw, true);
if (!is_array($doc)) {
    fwrite(STDERR, "json.php: the answer is not JSON: " . substr($raw, 0, 400) . "\n");
    exit(2);
}
foreach (array_slice($argv, 1) as $path) {
    $v = $doc;
    foreach ($path === '' ? [] : explode('.', $path) as $key) {
        if (!is_array($v) || !array_key_exists($key, $v)) {
            $v = null;
            break;
        }
        $v = $v[$key];
    }
    if (is_bool($v)) {
        echo $v ? 'true' : 'false';
    } elseif (is_scalar($v)) {
        echo str_replace("\n", ' ', (string)$v);
    } elseif ($v !== null) {
        echo json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }
    echo "\n";
}
