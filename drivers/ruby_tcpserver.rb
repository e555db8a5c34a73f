# SPDX-License-Identifier: Apache-2.0
# ruby-tcpserver: TCPServer.new (ext/socket/ipsocket.c: listen(fd, SOCKMAXCONN), the C SOMAXCONN
# at build time); a given backlog is TCPServer#listen(n) afterwards, as a program would do.
require 'socket'
backlog, port = ARGV[0], Integer(ARGV[1])
$stdout.puts "version #{RUBY_VERSION}"
$stdout.flush
server = TCPServer.new('127.0.0.1', port)
server.listen(Integer(backlog)) unless backlog == 'default'
$stdout.puts 'listening'
$stdout.flush
sleep
