module arm64port.test/oracle

go 1.23
