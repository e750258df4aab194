"""How the hub writes to one socket: at once when it can take it, in order behind a slow reader, and
closed (for the client to reconnect and catch up) when it falls too far behind."""

from __future__ import annotations

import asyncio

from empathy_studio.realtime.hub import Connection, Hub, Person


class Socket:
    """A socket whose writes wait while ``slow`` is set, as a peer that reads slowly makes them."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.closed_with: tuple[int, str] | None = None
        self.ready = asyncio.Event()
        self.ready.set()
        self.fail = False

    async def send(self, text: str) -> None:
        await self.ready.wait()
        if self.fail:
            raise RuntimeError("the peer went away")
        self.written.append(text)

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = (code, reason)


def connect(socket: Socket, max_queue: int = 1000) -> Connection:
    connection = Connection(Person(1, "Ana"), socket.send, socket.close, max_queue=max_queue)
    connection.release()
    return connection


async def test_a_socket_that_can_take_it_gets_the_message_before_offer_returns() -> None:
    socket = Socket()
    connection = connect(socket)
    connection.offer("one")
    assert socket.written == ["one"]
    assert connection.writer is None  # no task was needed


async def test_messages_wait_for_the_snapshot_and_then_follow_it_in_order() -> None:
    socket = Socket()
    connection = Connection(Person(1, "Ana"), socket.send, socket.close)
    connection.offer("event 1")
    connection.offer("event 2")
    await socket.send("snapshot")
    connection.release()
    connection.offer("event 3")
    await asyncio.sleep(0.01)
    assert socket.written == ["snapshot", "event 1", "event 2", "event 3"]


async def test_a_slow_reader_gets_everything_in_order_without_holding_up_the_others() -> None:
    slow, quick = Socket(), Socket()
    hub = Hub()
    slow_connection, quick_connection = connect(slow), connect(quick)
    hub.join(7, slow_connection)
    hub.join(7, quick_connection)
    slow.written.clear()
    quick.written.clear()
    slow.ready.clear()
    for n in range(5):
        hub.broadcast(7, {"n": n})
    assert quick.written == [f'{{"n":{n}}}' for n in range(5)]
    assert slow.written == []
    slow.ready.set()
    await asyncio.sleep(0.01)
    assert slow.written == [f'{{"n":{n}}}' for n in range(5)]
    assert slow_connection.writer is None  # back to writing at once
    hub.broadcast(7, {"n": 5})
    assert slow.written[-1] == '{"n":5}'


async def test_a_reader_too_far_behind_is_closed_to_reconnect_and_catch_up() -> None:
    socket = Socket()
    connection = connect(socket, max_queue=3)
    socket.ready.clear()
    for n in range(6):
        connection.offer(str(n))
    await asyncio.sleep(0.01)
    assert socket.closed_with is not None and socket.closed_with[0] == 4008
    connection.offer("after")
    socket.ready.set()
    await asyncio.sleep(0.01)
    assert "after" not in socket.written


async def test_a_socket_that_went_away_takes_no_more_messages_and_raises_nothing() -> None:
    socket = Socket()
    connection = connect(socket)
    socket.fail = True
    connection.offer("lost")
    connection.offer("also lost")
    assert connection.closed
    assert socket.written == []


async def test_leaving_while_a_write_waits_cancels_it_cleanly() -> None:
    socket = Socket()
    connection = connect(socket)
    socket.ready.clear()
    connection.offer("stuck")
    writer = connection.writer
    assert writer is not None
    connection.stop()
    await asyncio.sleep(0.01)
    assert writer.cancelled()
    assert socket.written == []
