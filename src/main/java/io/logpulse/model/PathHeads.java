package io.logpulse.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The values of a segment's {@link FacetSummary.Facet#PATH_HEAD} facet. A path's value is its head,
 * up to its first '/' or '?' after the first byte ({@code /api} for {@code /api/v1/items?id=7}); where
 * every path of a head goes on with '/', the head is split, and a path's value goes on to the next
 * '/' or '?' ({@code /api/v1}), and so on, part by part ({@code /api/v1/items}), so that a prefix that
 * many parts deep ({@code --path-prefix /api/v1/items}) is decided from the facets too. Either way
 * every path of a value is the value followed by nothing, '/' or '?': what
 * {@link FacetSummary#prefixKeeps} needs. A split value stays a value, of no path: the group of its
 * parts ({@link #groups}), whose thresholds bound a name's requests under it as tightly as before the
 * split ({@code --path-prefix /static} keeps both {@code /static/css} and {@code /static/js}, and the
 * sum of their thresholds settled fewer tops).
 *
 * <p>Not split: a value that is a path itself (it could not tell {@code /api} from {@code /api/v1},
 * and a deeper prefix would be undecided anyway); a value with a path that goes on with '?' (its query
 * strings would be values); a value with more than {@link #MOST_CHILDREN} next parts (a product's
 * number); and any value once the segment would have more than {@link FacetSummary#MOST_VALUES}
 * values. Values are split a part at a time across the segment, shallower ones first, so a busy
 * site's heads keep their parts before any one of them goes deeper. An instance is reused segment
 * after segment.
 */
final class PathHeads {
    static final int MOST_CHILDREN = 16;

    private final TextDictionary values = new TextDictionary();
    /** The values of one depth, and their next parts: the values of the next depth. */
    private TextDictionary nodes = new TextDictionary();
    private TextDictionary children = new TextDictionary();
    /**
     * Per path entry: its value's length and number among {@link #nodes} at the depth being split, its
     * child's number, and the value of the group its node is in (-1: none).
     */
    private int[] length = new int[0];
    private int[] nodeOf = new int[0];
    private int[] childOf = new int[0];
    private int[] groupOfEntry = new int[0];
    /** The path entries whose value may be split further: {@code active[0, activeCount)}. */
    private int[] active = new int[0];
    /**
     * Per node: whether a path ends there or goes on with '?', its number of children, whether it is
     * split, and its number among {@link #values} (-1 until its first entry is seen at that depth).
     */
    private boolean[] closed = new boolean[0];
    private int[] childCount = new int[0];
    private boolean[] split = new boolean[0];
    private int[] valueOfNode = new int[0];
    /** Per value: the value of its group, or -1. */
    private int[] groupOf = new int[0];
    /** Each path entry as text, read once per segment: entry {@code e} is {@code text[textStart[e], textStart[e + 1])}. */
    private byte[] text = new byte[0];
    private int[] textStart = new int[1];
    /** The path entry {@link #read} last: {@code text[start, end)}. */
    private int start;
    private int end;

    /** The values of the segment whose paths {@link #of} saw last. */
    TextDictionary values() {
        return values;
    }

    /** Per value of {@link #values}: the value of the split value it is a part of, or -1. */
    int[] groups() {
        return groupOf;
    }

    /** Sets {@code valueOf[entry]} to the value + 1 of each of {@code paths}' entries. */
    void of(TextDictionary paths, int[] valueOf) {
        values.clear();
        nodes.clear();
        int size = paths.size();
        if (length.length < size) {
            int capacity = Math.max(size, length.length * 2);
            length = new int[capacity];
            nodeOf = new int[capacity];
            childOf = new int[capacity];
            groupOfEntry = new int[capacity];
            active = new int[capacity];
        }
        readAll(paths);
        for (int e = 0; e < size; e++) {
            read(e);
            length[e] = FacetSummary.headLength(text, start, end);
            nodeOf[e] = nodes.intern(text, start, start + length[e]);
            groupOfEntry[e] = -1;
            active[e] = e;
        }
        int activeCount = size;
        int count = nodes.size();
        while (activeCount > 0) {
            count = splitNodes(activeCount, count);
            int stillActive = 0;
            for (int i = 0; i < activeCount; i++) {
                int e = active[i];
                int node = nodeOf[e];
                if (valueOfNode[node] < 0) { // a node is a value once, whatever number of paths it has
                    int value = valueOfNode[node] = values.intern(nodes, node);
                    ensureGroups(value);
                    groupOf[value] = groupOfEntry[e]; // the same for every path of the node
                }
                if (split[node]) { // the node stays as the group of its parts
                    groupOfEntry[e] = valueOfNode[node];
                    read(e);
                    length[e] = childLength(length[e]);
                    nodeOf[e] = childOf[e];
                    active[stillActive++] = e;
                } else {
                    valueOf[e] = valueOfNode[node] + 1;
                }
            }
            activeCount = stillActive;
            TextDictionary next = children;
            children = nodes;
            nodes = next;
        }
    }

    /**
     * Decides which of the {@link #nodes} of the active entries are split, and finds each active
     * entry's child where its node may be; returns the segment's number of values once they are split.
     */
    private int splitNodes(int activeCount, int count) {
        int n = nodes.size();
        if (closed.length < n) {
            closed = new boolean[Math.max(n, 2 * closed.length)];
            childCount = new int[closed.length];
            split = new boolean[closed.length];
            valueOfNode = new int[closed.length];
        }
        Arrays.fill(closed, 0, n, false);
        Arrays.fill(childCount, 0, n, 0);
        Arrays.fill(valueOfNode, 0, n, -1);
        for (int i = 0; i < activeCount; i++) {
            int e = active[i];
            read(e);
            closed[nodeOf[e]] |= start + length[e] == end || text[start + length[e]] == '?';
        }
        children.clear();
        for (int i = 0; i < activeCount; i++) {
            int e = active[i];
            if (!closed[nodeOf[e]]) {
                read(e);
                int known = children.size();
                childOf[e] = children.intern(text, start, start + childLength(length[e]));
                childCount[nodeOf[e]] += children.size() - known;
            }
        }
        for (int node = 0; node < n; node++) {
            split[node] = !closed[node] && childCount[node] <= MOST_CHILDREN && count + childCount[node] <= FacetSummary.MOST_VALUES;
            count += split[node] ? childCount[node] : 0; // the node stays, as their group
        }
        return count;
    }

    private void ensureGroups(int value) {
        if (value >= groupOf.length) {
            groupOf = Arrays.copyOf(groupOf, Math.max(value + 1, groupOf.length * 2));
        }
    }

    /** The length of the path just read up to the next '/' or '?' after its first {@code length} bytes. */
    private int childLength(int length) {
        return FacetSummary.headLength(text, start, start + length, end);
    }

    /**
     * Copies every path entry as text into {@link #text}: as stored when it reads as it is, else
     * decoded. The entries are walked several times; checking and decoding each once cost less.
     */
    private void readAll(TextDictionary paths) {
        int size = paths.size();
        if (textStart.length < size + 1) {
            textStart = new int[Math.max(size + 1, textStart.length * 2)];
        }
        int length = 0;
        for (int e = 0; e < size; e++) {
            byte[] from = paths.arena();
            int fromStart = paths.start(e);
            int fromEnd = paths.start(e + 1);
            if (!paths.readsAsIs(e)) {
                from = paths.text(e).getBytes(StandardCharsets.UTF_8);
                fromStart = 0;
                fromEnd = from.length;
            }
            if (text.length < length + fromEnd - fromStart) {
                text = Arrays.copyOf(text, Math.max(length + fromEnd - fromStart, text.length * 2));
            }
            System.arraycopy(from, fromStart, text, length, fromEnd - fromStart);
            textStart[e] = length;
            length += fromEnd - fromStart;
        }
        textStart[size] = length;
    }

    /** Reads path entry {@code entry}: {@code text[start, end)}. */
    private void read(int entry) {
        start = textStart[entry];
        end = textStart[entry + 1];
    }
}
