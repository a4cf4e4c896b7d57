<?php
// Reads one JSON document on stdin and prints the value at each path given as an argument, one per line
// (dot-separated keys; array indices are numbers). A missing value prints an empty line; arrays and
// objects print as JSON; booleans as true/false. Exit status 2 when stdin is not JSON.
// Two kinds of key pick among the members of an array or object:
// - `name=VALUE`: the first member whose `name` is VALUE (paraminfo's parameters: `parameters.name=prop`);
// - `*`: every member; the rest of the path is followed from each, and the values found are printed on
//   the path's one line, joined by `|` (`modules.*.path`: every module's path).
// Used by seed.sh and extension_inventory.sh, because jq is not part of what up.sh installs.
$raw = stream_get_contents(STDIN);
$doc = json_decode($raw, true);
if (!is_array($doc)) {
    fwrite(STDERR, "json.php: the answer is not JSON: " . substr($raw, 0, 400) . "\n");
    exit(2);
}

// The values at $keys from $v: one value, or with a `*` key a list (null when missing).
function at($v, array $keys) {
    foreach ($keys as $i => $key) {
        if (!is_array($v)) {
            return null;
        }
        if ($key === '*') {
            $rest = array_slice($keys, $i + 1);
            $out = [];
            foreach ($v as $member) {
                $found = at($member, $rest);
                foreach (in_array('*', $rest, true) ? ($found['*'] ?? []) : [$found] as $f) {
                    if ($f !== null) {
                        $out[] = $f;
                    }
                }
            }
            return ['*' => $out];
        }
        if (!array_key_exists($key, $v) && preg_match('/^([^=]+)=(.*)$/', $key, $m)) {
            $picked = null;
            foreach ($v as $member) {
                if (is_array($member) && ($member[$m[1]] ?? null) === $m[2]) {
                    $picked = $member;
                    break;
                }
            }
            $v = $picked;
            continue;
        }
        if (!array_key_exists($key, $v)) {
            return null;
        }
        $v = $v[$key];
    }
    return $v;
}

function show($v): string {
    if (is_bool($v)) {
        return $v ? 'true' : 'false';
    } elseif (is_scalar($v)) {
        return str_replace("\n", ' ', (string)$v);
    } elseif ($v !== null) {
        return json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }
    return '';
}

foreach (array_slice($argv, 1) as $path) {
    $keys = $path === '' ? [] : explode('.', $path);
    $v = at($doc, $keys);
    echo in_array('*', $keys, true) ? implode('|', array_map('show', $v['*'] ?? [])) : show($v), "\n";
}
