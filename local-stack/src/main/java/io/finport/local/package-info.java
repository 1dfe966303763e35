package io.finport.local;
