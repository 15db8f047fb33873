package io.github.jmegym.bridge;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ServerSocketFactory;
import py4j.CallbackClient;
import py4j.Gateway;
import py4j.GatewayConnection;
import py4j.GatewayServer;
import py4j.Py4JServerConnection;
import py4j.ReturnObject;
import py4j.commands.CallCommand;
import py4j.commands.Command;
import py4j.commands.ExceptionCommand;
import py4j.commands.MemoryCommand;

/**
 * The Py4J server of a {@link JmegymGateway}: Py4J's own, plus what a server other processes reach needs.
 * <ul>
 *   <li>Each connection belongs to a client session of the {@link BridgeService} ({@link BridgeService#attach}), whose
 *       handles are released when its last connection closes.</li>
 *   <li>A connection that has not authenticated and made its first call within
 *       {@link Protocol#FIRST_CALL_TIMEOUT_MS} is closed; at most
 *       {@link Protocol#MAX_CONNECTIONS} are open at once, counted with the {@link VectorChannel}'s
 *       ({@link ConnectionLimit}).</li>
 *   <li>Only the entry point's own public methods can be called (plus {@code getMessage}/{@code toString} of an
 *       exception a call raised, the stack trace and releasing objects, which Py4J's Python side uses): Py4J's
 *       reflection, JVM view, constructor, field, array, list, help, dir, stream, cancel and shutdown commands
 *       answer with an error, so a client cannot reach {@code java.lang.Runtime} or any other class.</li>
 * </ul>
 */
final class GuardedGatewayServer extends GatewayServer {
    /** Py4J commands served as Py4J serves them: the stack trace of an exception a call raised. */
    private static final String ENTRY_POINT = py4j.Protocol.ENTRY_POINT_OBJECT_ID;
    private static final Set<String> KEPT = Set.of(ExceptionCommand.EXCEPTION_COMMAND_NAME);
    /** Methods a client may call on an exception object a call raised. */
    private static final Set<String> EXCEPTION_METHODS = Set.of("getMessage", "getLocalizedMessage", "toString");

    private final String token;
    private final BridgeService service;
    private final Set<String> entryMethods;
    private final ConnectionLimit limit;
    private final AtomicInteger connectionNumbers = new AtomicInteger();

    /**
     * @param service the entry point
     * @param port the loopback port (0: a free one)
     * @param token the auth token clients must send first
     * @param sockets the server socket factory
     * @param limit the connections open at once, shared with the vector channel
     */
    GuardedGatewayServer(BridgeService service, int port, String token, ServerSocketFactory sockets,
                         ConnectionLimit limit) {
        super(service, port, InetAddress.getLoopbackAddress(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, null,
                new CallbackClient(DEFAULT_PYTHON_PORT), sockets);
        this.token = token;
        this.service = service;
        this.limit = limit;
        this.entryMethods = Arrays.stream(BridgeService.class.getMethods())
                .filter(m -> m.getDeclaringClass() == BridgeService.class && Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected Py4JServerConnection createConnection(Gateway gateway, Socket socket) throws IOException {
        ClientConnection c;
        try {
            c = limit.admit(() -> new ClientConnection(gateway, socket), "from port " + socket.getPort());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        Thread t = new Thread(c, "jmegym-connection-" + connectionNumbers.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return c;
    }

    /** One client connection: its own thread, a client session, a first-call deadline, the restricted commands. */
    private final class ClientConnection extends GatewayConnection implements ConnectionLimit.Connection {
        private volatile boolean called;

        ClientConnection(Gateway gateway, Socket socket) throws IOException {
            super(gateway, socket, token, null, getListeners());
            socket.setSoTimeout(Protocol.FIRST_CALL_TIMEOUT_MS);
            for (Map.Entry<String, Command> e : commands.entrySet()) {
                String name = e.getKey();
                Command served;
                if (name.equals(authCommand == null ? null : authCommand.getCommandName())) {
                    continue;
                } else if (name.equals(CallCommand.CALL_COMMAND_NAME)) {
                    served = new EntryPointCall();
                } else if (name.equals(MemoryCommand.MEMORY_COMMAND_NAME)) {
                    served = new ReleaseObject();
                } else if (KEPT.contains(name)) {
                    served = e.getValue();
                } else {
                    served = new Refused(name);
                }
                served.init(gateway, this);
                e.setValue(new FirstCallClearsDeadline(served));
            }
        }

        @Override
        public boolean spoke() {
            return called;
        }

        @Override
        public void drop() {
            shutdown(true);
        }

        @Override
        public void run() {
            service.connectionOpened();
            try {
                super.run();
            } finally {
                limit.release(this);
                service.connectionClosed();
            }
        }

        /** Marks the connection as spoken and lifts the first-call deadline before running a command. */
        private final class FirstCallClearsDeadline implements Command {
            private final Command inner;

            FirstCallClearsDeadline(Command inner) {
                this.inner = inner;
            }

            @Override
            public void execute(String commandName, BufferedReader reader, BufferedWriter writer)
                    throws IOException {
                if (!called) {
                    called = true;
                    socket.setSoTimeout(DEFAULT_READ_TIMEOUT);
                }
                inner.execute(commandName, reader, writer);
            }

            @Override
            public String getCommandName() {
                return inner.getCommandName();
            }

            @Override
            public void init(Gateway gateway, Py4JServerConnection connection) {
                inner.init(gateway, connection);
            }
        }
    }

    /** Py4J's call command limited to the entry point's own methods and an exception's message. */
    private final class EntryPointCall extends CallCommand {
        @Override
        protected ReturnObject invokeMethod(String methodName, String targetObjectId, List<Object> arguments) {
            boolean allowed = ENTRY_POINT.equals(targetObjectId)
                    ? entryMethods.contains(methodName)
                    : gateway.getObject(targetObjectId) instanceof Throwable && EXCEPTION_METHODS.contains(methodName);
            if (!allowed) {
                SecurityException refused = new SecurityException("jmegym gateway: calling " + methodName + " on "
                        + (ENTRY_POINT.equals(targetObjectId) ? "the entry point"
                        : "object " + targetObjectId) + " is not allowed; clients may call the public methods of "
                        + BridgeService.class.getSimpleName() + " only");
                return ReturnObject.getErrorReferenceReturnObject(gateway.putNewObject(refused));
            }
            return super.invokeMethod(methodName, targetObjectId, arguments);
        }
    }

    /** Py4J's memory command (Python releasing an object it no longer references), except for the entry point. */
    private static final class ReleaseObject extends py4j.commands.AbstractCommand {
        @Override
        public void execute(String commandName, BufferedReader reader, BufferedWriter writer) throws IOException {
            String sub = reader.readLine();
            String id = reader.readLine();
            reader.readLine(); // end of command
            boolean releasable = MemoryCommand.MEMORY_DEL_SUB_COMMAND_NAME.equals(sub)
                    && !ENTRY_POINT.equals(id) && !GATEWAY_SERVER_ID.equals(id);
            if (releasable) {
                gateway.deleteObject(id);
            }
            writer.write(releasable ? py4j.Protocol.getOutputVoidCommand()
                    : py4j.Protocol.getOutputErrorCommand("jmegym gateway: memory command " + sub + " " + id
                    + " refused; only releasing objects a call returned is allowed"));
            writer.flush();
        }
    }

    /** A Py4J command the gateway does not serve: skips its arguments and answers with an error. */
    private static final class Refused extends py4j.commands.AbstractCommand {
        Refused(String name) {
            this.commandName = name;
        }

        @Override
        public void execute(String name, BufferedReader reader, BufferedWriter writer) throws IOException {
            String line = reader.readLine();
            while (line != null && !py4j.Protocol.isEnd(line)) {
                line = reader.readLine(); // the command's arguments, ignored
            }
            writer.write(py4j.Protocol.getOutputErrorCommand("jmegym gateway: the Py4J command '" + name
                    + "' is disabled (no reflection, JVM view, constructors, fields or server control); clients may call the"
                    + " public methods of " + BridgeService.class.getSimpleName() + " only"));
            writer.flush();
        }
    }
}
