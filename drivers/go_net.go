// SPDX-License-Identifier: Apache-2.0
// go-net: net.Listen("tcp", addr) (src/net/sock_linux.go maxListenerBacklog: somaxconn read
// once per process). Go has no backlog parameter: only "default" is meaningful.
package main

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"time"
)

func main() {
	if os.Args[1] != "default" {
		fmt.Fprintln(os.Stderr, "go-net: net.Listen takes no backlog; only 'default'")
		os.Exit(2)
	}
	fmt.Printf("version %s\n", runtime.Version())
	l, err := net.Listen("tcp", "127.0.0.1:"+os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening")
	for l != nil {
		time.Sleep(time.Hour) // never Accept()
	}
}
