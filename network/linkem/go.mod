module bayrecon/network/linkem

go 1.22
