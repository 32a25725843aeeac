package io.paddock.transport.netty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The event loop threads of one transport and the channel classes that go with them: epoll when
 * Netty's native library loads, Netty's NIO otherwise. Every thread is named
 * {@code paddock-netty-io-N}, and {@link #shutdown} joins them all.
 */
final class EventLoops {
    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    final EventLoopGroup group;
    final Class<? extends ServerChannel> serverChannelClass;
    final Class<? extends Channel> channelClass;
    /** "epoll" or "nio", for logs and tests. */
    final String backend;
    private final List<Thread> threads;

    private EventLoops(EventLoopGroup group, Class<? extends ServerChannel> serverChannelClass,
            Class<? extends Channel> channelClass, String backend, List<Thread> threads) {
        this.group = group;
        this.serverChannelClass = serverChannelClass;
        this.channelClass = channelClass;
        this.backend = backend;
        this.threads = threads;
    }

    static EventLoops start(int threadCount, boolean preferNative) {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        ThreadFactory factory = task -> {
            // FastThreadLocalThread lets Netty free its thread-local caches when the thread ends.
            Thread thread = new FastThreadLocalThread(task, "paddock-netty-io-" + next.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
        if (preferNative && Epoll.isAvailable()) {
            log.info("netty transport uses epoll with {} event loop threads", threadCount);
            return new EventLoops(new EpollEventLoopGroup(threadCount, factory), EpollServerSocketChannel.class,
                    EpollSocketChannel.class, "epoll", threads);
        }
        if (preferNative) {
            log.info("netty transport uses NIO with {} event loop threads: epoll is unavailable ({})", threadCount,
                    String.valueOf(Epoll.unavailabilityCause()));
        } else {
            log.info("netty transport uses NIO with {} event loop threads, as configured", threadCount);
        }
        return new EventLoops(new NioEventLoopGroup(threadCount, factory), NioServerSocketChannel.class,
                NioSocketChannel.class, "nio", threads);
    }

    boolean inEventLoop() {
        return threads.contains(Thread.currentThread());
    }

    /**
     * Stops the loops: tasks already queued still run, and every channel still open is closed
     * (its handler gets onClose). Waits at most {@code timeout} for the threads to end, unless
     * called from one of them, which cannot wait for itself.
     */
    void shutdown(Duration timeout) {
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (inEventLoop()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        group.terminationFuture().awaitUninterruptibly(timeout.toMillis());
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                log.warn("{} did not stop within {} ms; a handler may be blocking it", thread.getName(),
                        timeout.toMillis());
            }
        }
    }
}
