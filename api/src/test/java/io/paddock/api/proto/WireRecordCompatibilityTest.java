package io.paddock.api.proto;

import static io.paddock.api.proto.RecordKind.of;
import static io.paddock.api.proto.ZooKeeperJute.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.proto.AddWatchRequest;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ExistsResponse;
import org.apache.zookeeper.proto.GetACLRequest;
import org.apache.zookeeper.proto.GetACLResponse;
import org.apache.zookeeper.proto.GetChildren2Request;
import org.apache.zookeeper.proto.GetChildrenRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.RemoveWatchesRequest;
import org.apache.zookeeper.proto.SetACLRequest;
import org.apache.zookeeper.proto.SetACLResponse;
import org.apache.zookeeper.proto.SetDataResponse;
import org.apache.zookeeper.proto.SetWatches2;
import org.apache.zookeeper.proto.SyncRequest;
import org.apache.zookeeper.proto.SyncResponse;
import org.junit.jupiter.api.Test;

/** Every wire record of protocol.md §3, §4 and §6 against ZooKeeper 3.9.3's generated class. */
class WireRecordCompatibilityTest extends RecordCompatibilityContract {

    @Override
    protected List<RecordKind> kinds() {
        return List.of(
                of("Id", s -> new Id(s.scheme(), s.path()),
                        s -> new org.apache.zookeeper.data.Id(s.scheme(), s.path()), Id::read),
                of("ACL", s -> new Acl(s.i(), new Id(s.scheme(), s.path())),
                        s -> new org.apache.zookeeper.data.ACL(s.i(), new org.apache.zookeeper.data.Id(s.scheme(), s.path())),
                        Acl::read),
                of("Stat", Sample::stat, s -> zk(s.stat()), Stat::read),
                of("StatPersisted", Sample::statPersisted, s -> zk(s.statPersisted()), StatPersisted::read),
                of("RequestHeader", s -> new RequestHeader(s.i(), s.j()),
                        s -> new org.apache.zookeeper.proto.RequestHeader(s.i(), s.j()), RequestHeader::read),
                of("ReplyHeader", s -> new ReplyHeader(s.i(), s.l(), s.j()),
                        s -> new org.apache.zookeeper.proto.ReplyHeader(s.i(), s.l(), s.j()), ReplyHeader::read),
                of("ConnectRequest with readOnly",
                        s -> new ConnectRequest(s.i(), s.l(), s.j(), ~s.l(), s.data(), s.b(), true),
                        s -> new org.apache.zookeeper.proto.ConnectRequest(s.i(), s.l(), s.j(), ~s.l(), s.data(), s.b()),
                        ConnectRequest::read).withOptionalTail(),
                of("ConnectResponse with readOnly",
                        s -> new ConnectResponse(s.i(), s.j(), s.l(), s.data(), s.b(), true),
                        s -> new org.apache.zookeeper.proto.ConnectResponse(s.i(), s.j(), s.l(), s.data(), s.b()),
                        ConnectResponse::read).withOptionalTail(),
                of("CreateRequest", s -> new CreateRequest(s.path(), s.data(), s.acl(), s.i()),
                        s -> new org.apache.zookeeper.proto.CreateRequest(s.path(), s.data(), zk(s.acl()), s.i()),
                        CreateRequest::read),
                of("CreateTTLRequest", s -> new CreateTtlRequest(s.path(), s.data(), s.acl(), s.i(), s.l()),
                        s -> new CreateTTLRequest(s.path(), s.data(), zk(s.acl()), s.i(), s.l()), CreateTtlRequest::read),
                of("DeleteRequest", s -> new DeleteRequest(s.path(), s.i()),
                        s -> new org.apache.zookeeper.proto.DeleteRequest(s.path(), s.i()), DeleteRequest::read),
                of("ExistsRequest", s -> new PathWatchRequest(s.path(), s.b()),
                        s -> new ExistsRequest(s.path(), s.b()), PathWatchRequest::read),
                of("GetDataRequest", s -> new PathWatchRequest(s.path(), s.b()),
                        s -> new GetDataRequest(s.path(), s.b()), PathWatchRequest::read),
                of("GetChildrenRequest", s -> new PathWatchRequest(s.path(), s.b()),
                        s -> new GetChildrenRequest(s.path(), s.b()), PathWatchRequest::read),
                of("GetChildren2Request", s -> new PathWatchRequest(s.path(), s.b()),
                        s -> new GetChildren2Request(s.path(), s.b()), PathWatchRequest::read),
                of("SetDataRequest", s -> new SetDataRequest(s.path(), s.data(), s.i()),
                        s -> new org.apache.zookeeper.proto.SetDataRequest(s.path(), s.data(), s.i()),
                        SetDataRequest::read),
                of("GetACLRequest", s -> new PathRequest(s.path()), s -> new GetACLRequest(s.path()), PathRequest::read),
                of("SyncRequest", s -> new PathRequest(s.path()), s -> new SyncRequest(s.path()), PathRequest::read),
                of("SyncResponse", s -> new PathRequest(s.path()), s -> new SyncResponse(s.path()), PathRequest::read),
                of("SetACLRequest", s -> new SetAclRequest(s.path(), s.acl(), s.i()),
                        s -> new SetACLRequest(s.path(), zk(s.acl()), s.i()), SetAclRequest::read),
                of("CheckVersionRequest", s -> new CheckVersionRequest(s.path(), s.i()),
                        s -> new org.apache.zookeeper.proto.CheckVersionRequest(s.path(), s.i()),
                        CheckVersionRequest::read),
                of("CheckWatchesRequest", s -> new WatchTypeRequest(s.path(), s.i()),
                        s -> new CheckWatchesRequest(s.path(), s.i()), WatchTypeRequest::read),
                of("RemoveWatchesRequest", s -> new WatchTypeRequest(s.path(), s.i()),
                        s -> new RemoveWatchesRequest(s.path(), s.i()), WatchTypeRequest::read),
                of("AddWatchRequest", s -> new WatchTypeRequest(s.path(), s.i()),
                        s -> new AddWatchRequest(s.path(), s.i()), WatchTypeRequest::read),
                of("AuthPacket", s -> new AuthPacket(s.i(), s.scheme(), s.data()),
                        s -> new org.apache.zookeeper.proto.AuthPacket(s.i(), s.scheme(), s.data()), AuthPacket::read),
                of("MultiHeader", s -> new MultiHeader(s.i(), s.b(), s.j()),
                        s -> new org.apache.zookeeper.proto.MultiHeader(s.i(), s.b(), s.j()), MultiHeader::read),
                of("CreateResponse", s -> new CreateResponse(s.path()),
                        s -> new org.apache.zookeeper.proto.CreateResponse(s.path()), CreateResponse::read),
                of("Create2Response", s -> new Create2Response(s.path(), s.stat()),
                        s -> new org.apache.zookeeper.proto.Create2Response(s.path(), zk(s.stat())),
                        Create2Response::read),
                of("ExistsResponse", s -> new StatResponse(s.stat()),
                        s -> new ExistsResponse(zk(s.stat())), StatResponse::read),
                of("SetDataResponse", s -> new StatResponse(s.stat()),
                        s -> new SetDataResponse(zk(s.stat())), StatResponse::read),
                of("SetACLResponse", s -> new StatResponse(s.stat()),
                        s -> new SetACLResponse(zk(s.stat())), StatResponse::read),
                of("GetDataResponse", s -> new GetDataResponse(s.data(), s.stat()),
                        s -> new org.apache.zookeeper.proto.GetDataResponse(s.data(), zk(s.stat())),
                        GetDataResponse::read),
                of("GetChildrenResponse", s -> new GetChildrenResponse(s.strings()),
                        s -> new org.apache.zookeeper.proto.GetChildrenResponse(s.strings()), GetChildrenResponse::read),
                of("GetChildren2Response", s -> new GetChildren2Response(s.strings(), s.stat()),
                        s -> new org.apache.zookeeper.proto.GetChildren2Response(s.strings(), zk(s.stat())),
                        GetChildren2Response::read),
                of("GetACLResponse", s -> new GetAclResponse(s.acl(), s.stat()),
                        s -> new GetACLResponse(zk(s.acl()), zk(s.stat())), GetAclResponse::read),
                of("ErrorResponse", s -> new ErrorResponse(s.i()),
                        s -> new org.apache.zookeeper.proto.ErrorResponse(s.i()), ErrorResponse::read),
                of("GetSASLRequest", s -> new SaslToken(s.data()),
                        s -> new org.apache.zookeeper.proto.GetSASLRequest(s.data()), SaslToken::read),
                of("SetSASLResponse", s -> new SaslToken(s.data()),
                        s -> new org.apache.zookeeper.proto.SetSASLResponse(s.data()), SaslToken::read),
                of("WatcherEvent", s -> new WatcherEvent(s.i(), s.j(), s.path()),
                        s -> new org.apache.zookeeper.proto.WatcherEvent(s.i(), s.j(), s.path()), WatcherEvent::read),
                // SetWatches reads a null vector as empty; null vectors have their own test.
                of("SetWatches", s -> new SetWatches(s.l(), s.stringsOrEmpty(), List.of(), s.stringsOrEmpty(),
                                List.of(), List.of(), false),
                        s -> new org.apache.zookeeper.proto.SetWatches(s.l(), s.stringsOrEmpty(), List.of(),
                                s.stringsOrEmpty()),
                        in -> SetWatches.read(in, false)),
                of("SetWatches2", s -> new SetWatches(s.l(), s.stringsOrEmpty(), List.of(), s.stringsOrEmpty(),
                                List.of(), s.stringsOrEmpty(), true),
                        s -> new SetWatches2(s.l(), s.stringsOrEmpty(), List.of(), s.stringsOrEmpty(), List.of(),
                                s.stringsOrEmpty()),
                        in -> SetWatches.read(in, true)));
    }

    @Test
    void setWatchesReadsNullVectorsAsEmpty() {
        SetWatches empty = new SetWatches(5L, List.of(), List.of(), List.of(), List.of(), List.of(), false);
        byte[] v1 = ZooKeeperJute.serialize(new org.apache.zookeeper.proto.SetWatches(5L, null, null, null));
        byte[] v2 = ZooKeeperJute.serialize(new SetWatches2(5L, null, null, null, null, null));

        assertThat(SetWatches.read(JuteInput.of(v1), false)).isEqualTo(empty);
        assertThat(SetWatches.read(JuteInput.of(v2), true))
                .isEqualTo(new SetWatches(5L, List.of(), List.of(), List.of(), List.of(), List.of(), true));
    }
}
