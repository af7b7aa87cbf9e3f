// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Nft
/// @notice A minimal ERC-721-like collection: anyone can `mint` the next id. `nextId` is a hot slot.
contract Nft {
    uint256 public nextId;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    error NotOwner(uint256 tokenId, address caller);

    function mint() external returns (uint256 id) {
        id = nextId;
        nextId = id + 1;
        ownerOf[id] = msg.sender;
        balanceOf[msg.sender] += 1;
        emit Transfer(address(0), msg.sender, id);
    }

    function transfer(address to, uint256 id) external {
        if (ownerOf[id] != msg.sender) revert NotOwner(id, msg.sender);
        ownerOf[id] = to;
        unchecked {
            balanceOf[msg.sender] -= 1;
        }
        balanceOf[to] += 1;
        emit Transfer(msg.sender, to, id);
    }
}
