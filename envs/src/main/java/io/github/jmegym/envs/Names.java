package io.github.jmegym.envs;

import java.util.Locale;

/** "Did you mean ...?" suggestions for a mistyped id, key or setting: the closest known name by edit distance. */
public final class Names {
    private Names() {
    }

    /**
     * The name among {@code known} closest to {@code name} by Levenshtein distance (ignoring case), or null when
     * even the closest is further than {@code max(minTolerance, name.length() / 3)} edits away.
     *
     * @param name what the user typed
     * @param known the valid names
     * @param minTolerance edits always tolerated, however short the name (e.g. 2 or 3)
     */
    public static String closest(String name, Iterable<String> known, int minTolerance) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String k : known) {
            int d = editDistance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = k;
            }
        }
        return best != null && bestDist <= Math.max(minTolerance, name.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
