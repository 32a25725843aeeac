package io.paddock.api.proto;

import static io.paddock.api.proto.ZooKeeperJute.zk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.MultiRequest.Op;
import io.paddock.api.proto.MultiResponse.Result;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.OpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * multi and multiRead bodies (protocol.md §8) against the stock client's own
 * {@link MultiOperationRecord} and {@link org.apache.zookeeper.MultiResponse}.
 */
class MultiCompatibilityTest {
    private static final String PATH = "/ünï/路径";
    private static final byte[] DATA = {0, 1, -1, 127, -128};
    private static final Stat STAT = Sample.typical().stat();

    static Stream<Arguments> requests() {
        List<Acl> acl = Sample.typical().acl();
        return Stream.of(
                Arguments.of("every write op",
                        List.of(
                                new Op(OpCode.CREATE, new CreateRequest(PATH, DATA, acl, 0)),
                                new Op(OpCode.CREATE, new CreateRequest(PATH + "/e", null, acl, 3)),
                                new Op(OpCode.CREATE_CONTAINER, new CreateRequest("/c", new byte[0], acl, 4)),
                                new Op(OpCode.CREATE_TTL, new CreateTtlRequest("/t", DATA, acl, 5, 60_000L)),
                                new Op(OpCode.DELETE, new DeleteRequest(PATH, -1)),
                                new Op(OpCode.SET_DATA, new SetDataRequest(PATH, DATA, 7)),
                                new Op(OpCode.CHECK, new CheckVersionRequest(PATH, Integer.MIN_VALUE))),
                        List.of(
                                org.apache.zookeeper.Op.create(PATH, DATA, zk(acl), CreateMode.PERSISTENT),
                                org.apache.zookeeper.Op.create(PATH + "/e", null, zk(acl), CreateMode.EPHEMERAL_SEQUENTIAL),
                                org.apache.zookeeper.Op.create("/c", new byte[0], zk(acl), CreateMode.CONTAINER),
                                org.apache.zookeeper.Op.create("/t", DATA, zk(acl), CreateMode.PERSISTENT_WITH_TTL, 60_000L),
                                org.apache.zookeeper.Op.delete(PATH, -1),
                                org.apache.zookeeper.Op.setData(PATH, DATA, 7),
                                org.apache.zookeeper.Op.check(PATH, Integer.MIN_VALUE))),
                // The client always sends watch = false in a multiRead (§8).
                Arguments.of("multiRead",
                        List.of(
                                new Op(OpCode.GET_DATA, new PathWatchRequest(PATH, false)),
                                new Op(OpCode.GET_CHILDREN, new PathWatchRequest("/", false))),
                        List.of(
                                org.apache.zookeeper.Op.getData(PATH),
                                org.apache.zookeeper.Op.getChildren("/"))),
                Arguments.of("no ops", List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void multiRequestMatchesMultiOperationRecord(String name, List<Op> ours, List<org.apache.zookeeper.Op> theirs) {
        MultiOperationRecord record = new MultiOperationRecord(theirs);

        ZooKeeperJute.assertCompatible(new MultiRequest(ours), record, MultiRequest::read);
        assertThat(ZooKeeperJute.deserialize(JuteOutput.serialize(new MultiRequest(ours)), new MultiOperationRecord()))
                .isEqualTo(record);
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("successful multi",
                        List.of(
                                new Result(OpCode.CREATE, Code.OK, new CreateResponse(PATH)),
                                new Result(OpCode.CREATE2, Code.OK, new Create2Response(PATH + "0000000001", STAT)),
                                new Result(OpCode.SET_DATA, Code.OK, new StatResponse(STAT)),
                                new Result(OpCode.CHECK, Code.OK, null),
                                new Result(OpCode.DELETE, Code.OK, null)),
                        List.of(
                                new OpResult.CreateResult(PATH),
                                new OpResult.CreateResult(PATH + "0000000001", zk(STAT)),
                                new OpResult.SetDataResult(zk(STAT)),
                                new OpResult.CheckResult(),
                                new OpResult.DeleteResult())),
                // §8: ops before the failing one get 0, the failing one its code, later ones -2.
                Arguments.of("failed multi",
                        List.of(Result.error(Code.OK), Result.error(Code.NODEEXISTS),
                                Result.error(Code.RUNTIMEINCONSISTENCY)),
                        List.of(new OpResult.ErrorResult(0), new OpResult.ErrorResult(-110),
                                new OpResult.ErrorResult(-2))),
                Arguments.of("multiRead with a missing node",
                        List.of(
                                new Result(OpCode.GET_DATA, Code.OK, new GetDataResponse(DATA, STAT)),
                                Result.error(Code.NONODE),
                                new Result(OpCode.GET_CHILDREN, Code.OK, new GetChildrenResponse(List.of("a", "路"))),
                                new Result(OpCode.GET_DATA, Code.OK, new GetDataResponse(null, STAT))),
                        List.of(
                                new OpResult.GetDataResult(DATA, zk(STAT)),
                                new OpResult.ErrorResult(-101),
                                new OpResult.GetChildrenResult(List.of("a", "路")),
                                new OpResult.GetDataResult(null, zk(STAT)))),
                Arguments.of("no results", List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void multiResponseMatchesZooKeepersMultiResponse(String name, List<Result> ours, List<OpResult> theirs) {
        org.apache.zookeeper.MultiResponse record = new org.apache.zookeeper.MultiResponse();
        theirs.forEach(record::add);

        ZooKeeperJute.assertCompatible(new MultiResponse(ours), record, MultiResponse::read);
        assertThat(ZooKeeperJute.deserialize(JuteOutput.serialize(new MultiResponse(ours)),
                new org.apache.zookeeper.MultiResponse())).isEqualTo(record);
    }

    @Test
    void opThatMayNotAppearInAMultiIsRejected() {
        byte[] bytes = new JuteOutput()
                .write(new MultiHeader(OpCode.EXISTS, false, -1))
                .write(new PathWatchRequest("/a", false))
                .write(new MultiHeader(-1, true, -1))
                .toByteArray();

        assertThatThrownBy(() -> MultiRequest.read(JuteInput.of(bytes)))
                .isInstanceOf(JuteException.class)
                .hasMessageContaining("invalid op type 3");
    }

    @Test
    void multiWithoutItsEndHeaderIsTruncated() {
        byte[] bytes = new JuteOutput()
                .write(new MultiHeader(OpCode.DELETE, false, -1))
                .write(new DeleteRequest("/a", -1))
                .toByteArray();

        assertThatThrownBy(() -> MultiRequest.read(JuteInput.of(bytes))).isInstanceOf(JuteException.class);
    }
}
