// SPDX-License-Identifier: Apache-2.0
// java-serversocket: java.net.ServerSocket (ServerSocket.java: backlog < 1 -> 50; the
// constructors without a backlog pass 50). Run as a single source file (`java File.java`).
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

public class JavaServerSocket {
  public static void main(String[] args) throws Exception {
    String backlog = args[0];
    int port = Integer.parseInt(args[1]);
    System.out.println("version " + System.getProperty("java.version"));
    System.out.flush();
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    ServerSocket server;
    if (backlog.equals("default")) {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(lo, port));
    } else {
      server = new ServerSocket(port, Integer.parseInt(backlog), lo);
    }
    System.out.println("listening");
    System.out.flush();
    while (server.isBound()) Thread.sleep(3_600_000L);  // never accept()
  }
}
