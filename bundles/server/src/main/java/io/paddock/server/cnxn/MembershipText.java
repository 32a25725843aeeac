package io.paddock.server.cnxn;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few facts the four-letter words read from a quorum's membership text (the
 * {@code /zookeeper/config} data, {@code server.N=host:quorumPort:electionPort:role[;client]}
 * lines as QUORUM-FACTS.md gives them): each member's ports and role, and how many vote.
 */
final class MembershipText {
    /** One member's line. */
    record Member(int quorumPort, int electionPort, boolean observer) {
    }

    // host may be [v6]; the first address of a multi-address line is the one shown.
    private static final Pattern LINE = Pattern.compile(
            "server\\.(\\d+)=(?:\\[[^]]*]|[^:|;]*):(\\d+):(\\d+):(participant|observer)[^\\n]*");

    private final Map<Long, Member> members = new HashMap<>();

    private MembershipText(String text) {
        if (text == null) {
            return;
        }
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            members.put(Long.parseLong(m.group(1)), new Member(Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), "observer".equals(m.group(4))));
        }
    }

    static MembershipText of(String text) {
        return new MembershipText(text);
    }

    Member member(long sid) {
        return members.get(sid);
    }

    long voters() {
        return members.values().stream().filter(m -> !m.observer()).count();
    }
}
